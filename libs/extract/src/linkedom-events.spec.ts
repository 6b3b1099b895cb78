import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';

// patches/linkedom+*.patch (applied by the root `postinstall`) gives linkedom's nodes their listener map only when a
// listener is added, instead of a WeakMap entry per parsed node. Events must still work as before.
describe('linkedom with the lazy listener map (patches/)', () => {
  it('is the patched EventTarget, in the CommonJS and the ESM build', () => {
    // the package's exports hide its files: from its CommonJS entry (cjs/index.js) to the package folder
    const root = dirname(dirname(createRequire(__filename).resolve('linkedom')));
    for (const build of ['cjs', 'esm']) {
      const source = readFileSync(join(root, build, 'interface', 'event-target.js'), 'utf8');
      expect(source).not.toContain('wm.set(this, new Map);\n  }');
      expect(source).toContain('if (!map) wm.set(this, (map = new Map));');
    }
  });

  it('still adds, dispatches (bubbling, once) and removes listeners on parsed nodes', () => {
    const { document } = parseHTML('<html><body><div id="a"><p id="b">x</p></div></body></html>');
    const a = document.getElementById('a');
    const b = document.getElementById('b');
    const seen: string[] = [];
    const onA = (e: { currentTarget: { id: string } }) => seen.push(`a<-${e.currentTarget.id}`);
    a.addEventListener('ping', onA);
    b.addEventListener('ping', () => seen.push('b'), { once: true });
    // a node that never had a listener: removing one and dispatching on it are no-ops, not errors
    document.body.removeEventListener('ping', onA);
    b.dispatchEvent(new document.defaultView.Event('ping', { bubbles: true }));
    b.dispatchEvent(new document.defaultView.Event('ping', { bubbles: true }));
    expect(seen).toEqual(['b', 'a<-a', 'a<-a']);
    a.removeEventListener('ping', onA);
    b.dispatchEvent(new document.defaultView.Event('ping', { bubbles: true }));
    expect(seen).toHaveLength(3);
  });
});

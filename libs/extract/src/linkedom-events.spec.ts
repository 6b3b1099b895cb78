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
    type Listener = (e: { currentTarget: { id: string } }) => void;
    interface Target {
      id: string;
      addEventListener(type: string, l: Listener, options?: { once?: boolean }): void;
      removeEventListener(type: string, l: Listener): void;
      dispatchEvent(e: unknown): boolean;
    }
    const { document: doc } = parseHTML('<html><body><div id="a"><p id="b">x</p></div></body></html>');
    const document = doc as unknown as {
      getElementById(id: string): Target;
      body: Target;
      defaultView: { Event: new (type: string, init: { bubbles: boolean }) => unknown };
    };
    const a = document.getElementById('a');
    const b = document.getElementById('b');
    const ping = () => new document.defaultView.Event('ping', { bubbles: true });
    const seen: string[] = [];
    const onA: Listener = (e) => seen.push(`a<-${e.currentTarget.id}`);
    a.addEventListener('ping', onA);
    b.addEventListener('ping', () => seen.push('b'), { once: true });
    // a node that never had a listener: removing one and dispatching on it are no-ops, not errors
    document.body.removeEventListener('ping', onA);
    document.body.dispatchEvent(ping());
    b.dispatchEvent(ping());
    b.dispatchEvent(ping());
    expect(seen).toEqual(['b', 'a<-a', 'a<-a']);
    a.removeEventListener('ping', onA);
    b.dispatchEvent(ping());
    expect(seen).toHaveLength(3);
  });
});

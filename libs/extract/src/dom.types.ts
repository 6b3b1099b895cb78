// Minimal structural DOM types for the parts of linkedom's DOM this library uses. The workspace compiles without
// the DOM lib (server code), so linkedom's own declarations (which reference the global DOM types) are not usable.

/** A DOM node as seen by the extractor. */
export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly parentNode: DomNode | null;
  readonly firstChild: DomNode | null;
  readonly nextSibling: DomNode | null;
  textContent: string | null;
  readonly isConnected: boolean;
}

/** A DOM element. */
export interface DomElement extends DomNode {
  readonly localName: string;
  readonly parentElement: DomElement | null;
  readonly children: ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  remove(): void;
  appendChild(node: DomNode): DomNode;
  removeAttribute(name: string): void;
  setAttribute(name: string, value: string): void;
  hasAttribute(name: string): boolean;
  insertBefore(node: DomNode, before: DomNode | null): DomNode;
}

/** A DOM document. */
export interface DomDocument extends DomNode {
  readonly documentElement: DomElement | null;
  readonly body: DomElement | null;
  readonly head: DomElement | null;
  readonly title: string;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

/**
 * A small DOM builder: every piece of data goes in through textContent or setAttribute, never as HTML.
 */
type Listener = (event: Event) => void;
export type Attrs = Record<string, string | number | boolean | undefined | Listener>;
export type Child = Node | string | undefined | null | false;

/**
 * Creates an element. `onclick`, `onchange`, `on:custom-event` keys add listeners; `true` sets a boolean
 * attribute; `false` and `undefined` leave the attribute out.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
	const el = document.createElement(tag);
	for (const [key, value] of Object.entries(attrs)) {
		if (typeof value === 'function') {
			el.addEventListener(key.startsWith('on:') ? key.slice(3) : key.slice(2), value);
		} else if (value === true) {
			el.setAttribute(key, '');
		} else if (value !== false && value !== undefined) {
			el.setAttribute(key, String(value));
		}
	}
	append(el, ...children);
	return el;
}

export function append(parent: Node, ...children: Child[]): void {
	for (const c of children) {
		if (c === undefined || c === null || c === false) {
			continue;
		}
		parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
	}
}

/** Replaces the element's children. */
export function replace(parent: Element, ...children: Child[]): void {
	parent.replaceChildren();
	append(parent, ...children);
}

/** A codicon (decorative unless given a label). */
export function icon(name: string, label?: string): HTMLElement {
	const el = h('vscode-icon', { name, ...(label ? { label } : {}) });
	if (!label) {
		el.setAttribute('aria-hidden', 'true');
	}
	return el;
}

export function show(el: Element, visible: boolean): void {
	(el as HTMLElement).hidden = !visible;
}

// Escape closes a form the way its Cancel button does (which still asks first if something was typed).

/** A Svelte action: Escape pressed anywhere inside the element runs `cancel`. */
export function escapeCancels(node: HTMLElement, cancel: () => void) {
  let run = cancel;
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== "Escape" || event.defaultPrevented || event.isComposing) return;
    event.preventDefault();
    run();
  };
  node.addEventListener("keydown", onKey);
  return {
    update(next: () => void) {
      run = next;
    },
    destroy() {
      node.removeEventListener("keydown", onKey);
    },
  };
}

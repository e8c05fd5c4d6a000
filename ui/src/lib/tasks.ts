// How a follow-up is described beside its title.

/** "Kind, due …" or just "Due …" when the title already says the kind (no "Follow up from a contact" twice). */
export function taskDue(title: string, kindLabel: string, due: string): string {
  const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  return squash(title).includes(squash(kindLabel)) ? `Due ${due}` : `${kindLabel}, due ${due}`;
}

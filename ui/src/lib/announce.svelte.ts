// A polite live region for news that is not an error ("Outcome saved").
export const announcer = $state<{ message: string; n: number }>({ message: "", n: 0 });

export function announce(message: string) {
  // Clear first so the same words twice are still read out.
  announcer.message = "";
  announcer.n += 1;
  const n = announcer.n;
  setTimeout(() => {
    if (announcer.n === n) announcer.message = message;
  }, 50);
}

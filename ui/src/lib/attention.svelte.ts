// Asks "Needs attention" to load again, after a screen changed something it lists (an outcome recorded,
// someone named to go). The list loads itself, so screens only say that something changed.
export const attention = $state<{ seq: number }>({ seq: 0 });

export function refreshAttention() {
  attention.seq += 1;
}

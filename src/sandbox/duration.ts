/** "1.5 s", "2 s": how time limits read in the messages a player sees. */
export function formatSeconds(ms: number): string {
  const s = Math.round(ms / 100) / 10;
  return `${s} s`;
}

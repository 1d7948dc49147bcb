/** Sizes as people read them in messages: `1 MB`, `50 MB`, `12.4 KB`, `300 bytes` (decimal units, like the limits). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} bytes`;
  const [value, unit] = n < 1e6 ? [n / 1e3, 'KB'] : n < 1e9 ? [n / 1e6, 'MB'] : [n / 1e9, 'GB'];
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}

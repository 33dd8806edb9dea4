/**
 * Where an arrow key moves the focus in a list laid out `columns` wide (1 for the table): the
 * index to focus, or null when the key is not one of ours (the browser then does its default).
 */
export function nextIndex(key: string, index: number, count: number, columns: number): number | null {
  if (count === 0) return null;
  const last = count - 1;
  const clamp = (i: number) => Math.max(0, Math.min(last, i));
  switch (key) {
    case 'ArrowRight':
      return columns > 1 ? clamp(index + 1) : null;
    case 'ArrowLeft':
      return columns > 1 ? clamp(index - 1) : null;
    case 'ArrowDown':
      return clamp(index + columns);
    case 'ArrowUp':
      return clamp(index - columns);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}

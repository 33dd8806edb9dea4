/**
 * The traces' zoom: the shown part of the time axis as percentages of its extent (as ECharts'
 * dataZoom takes it). Both feet share one zoom so their traces stay aligned in time.
 */
export interface ZoomRange {
  readonly start: number;
  readonly end: number;
}

export const FULL_ZOOM: ZoomRange = { start: 0, end: 100 };
/** Narrowest span, in percent: 2 % of a 30 s window is still 0.6 s, a few readings. */
export const MIN_ZOOM_SPAN = 2;

export function isFullZoom(zoom: ZoomRange): boolean {
  return zoom.start <= 0 && zoom.end >= 100;
}

/** Keeps a zoom inside 0..100 and at least MIN_ZOOM_SPAN wide, moving it rather than shrinking it. */
export function clampZoom(zoom: ZoomRange): ZoomRange {
  const span = Math.min(100, Math.max(MIN_ZOOM_SPAN, zoom.end - zoom.start));
  const start = Math.min(100 - span, Math.max(0, zoom.start));
  return { start: round(start), end: round(start + span) };
}

/**
 * Narrows (factor < 1) or widens (factor > 1) the zoom. A zoom that reaches the newest reading
 * keeps following it, so zooming in on a live trace still shows what is arriving; otherwise it
 * zooms about its centre.
 */
export function zoomBy(zoom: ZoomRange, factor: number): ZoomRange {
  const span = (zoom.end - zoom.start) * factor;
  if (zoom.end >= 100) return clampZoom({ start: 100 - span, end: 100 });
  const centre = (zoom.start + zoom.end) / 2;
  return clampZoom({ start: centre - span / 2, end: centre + span / 2 });
}

/** Moves the zoom by `fraction` of its own width (negative: earlier). */
export function panBy(zoom: ZoomRange, fraction: number): ZoomRange {
  const delta = (zoom.end - zoom.start) * fraction;
  return clampZoom({ start: zoom.start + delta, end: zoom.end + delta });
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

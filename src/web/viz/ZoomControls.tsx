import { ZOOM_STEP } from './usePanZoom.js';

/** +, − and reset over the drawing's corner: the keyboard and touch way to zoom without a wheel. */
export function ZoomControls({
  zoomBy,
  reset,
  what,
}: {
  zoomBy: (factor: number) => void;
  reset: () => void;
  what: string;
}) {
  return (
    <div className="wf-viz-controls">
      <button
        type="button"
        className="wf-viz-button"
        aria-label={`Zoom in on the ${what}`}
        onClick={() => zoomBy(ZOOM_STEP)}
      >
        +
      </button>
      <button
        type="button"
        className="wf-viz-button"
        aria-label={`Zoom out of the ${what}`}
        onClick={() => zoomBy(1 / ZOOM_STEP)}
      >
        −
      </button>
      <button type="button" className="wf-viz-button" aria-label={`Reset the ${what} view`} onClick={reset}>
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <path
            d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.6"
            strokeLinecap="round"
          />
        </svg>
      </button>
    </div>
  );
}

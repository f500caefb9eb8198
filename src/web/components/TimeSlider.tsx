import { useId } from 'react';

// A two-handled time range over the filter's date span, in days: the map and its feed show the events of the
// chosen days. Event dates may be a year or a month; the span's ends are read as their first and last day.

const DAY = 86_400_000;

/** Days since 1970 of an event date's first (or last) day: "2019" → 2019-01-01 (or 2019-12-31). */
export function dayOf(date: string, end: 'first' | 'last'): number | null {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(date);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = m[2] ? Number(m[2]) - 1 : end === 'first' ? 0 : 11;
  if (m[3]) return Math.floor(Date.UTC(y, mo, Number(m[3])) / DAY);
  // Day 0 of the next month is the last day of this one.
  return Math.floor((end === 'first' ? Date.UTC(y, mo, 1) : Date.UTC(y, mo + 1, 0)) / DAY);
}

export const dayText = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);

export interface DayRange {
  from: number;
  to: number;
}

export function TimeSlider({
  span,
  value,
  onChange,
}: {
  /** The filter's first and last day. */
  span: DayRange;
  value: DayRange;
  onChange: (v: DayRange) => void;
}) {
  const id = useId();
  const whole = value.from <= span.from && value.to >= span.to;
  return (
    <fieldset className="wf-timeslider" data-testid="time-slider">
      <legend>
        Time:{' '}
        <output htmlFor={`${id}-from ${id}-to`} data-testid="time-range">
          {dayText(value.from)} – {dayText(value.to)}
        </output>{' '}
        {!whole && (
          <button type="button" className="linklike" onClick={() => onChange(span)}>
            all
          </button>
        )}
      </legend>
      <div className="wf-timeslider-tracks">
        {(['from', 'to'] as const).map((end) => (
          <input
            key={end}
            id={`${id}-${end}`}
            type="range"
            aria-label={end === 'from' ? 'From' : 'To'}
            min={span.from}
            max={span.to}
            step={1}
            value={value[end]}
            // The handles never cross: each stops at the other.
            onChange={(e) => {
              const day = Number(e.target.value);
              onChange(
                end === 'from'
                  ? { from: Math.min(day, value.to), to: value.to }
                  : { from: value.from, to: Math.max(day, value.from) },
              );
            }}
          />
        ))}
      </div>
    </fieldset>
  );
}

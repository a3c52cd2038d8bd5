"""Hours of a day as people write them ("09:00–12:00, 13:00–17:30"), kept as
minutes after local midnight. Pure: no models, no time zones."""

import itertools
import re
from collections.abc import Iterable, Sequence

Range = tuple[int, int]  # [start, end) in minutes after local midnight; end may be 1440
DayHours = tuple[Range, ...]
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_MINUTES = 24 * 60
GRID_MINUTES = 15

_RANGE = re.compile(
    r"^\s*(\d{1,2})(?:[:.h](\d{2}))?\s*(?:-|–|—|to)\s*(\d{1,2})(?:[:.h](\d{2}))?\s*$"
)


class HoursError(ValueError):
    """A range a person typed that cannot be used; the message says why."""


def _minutes(hour: str, minute: str | None, text: str) -> int:
    value = int(hour) * 60 + int(minute or 0)
    if int(minute or 0) >= 60 or value > DAY_MINUTES:
        raise HoursError(f"“{text.strip()}” is not a time of day.")
    return value


def parse_hours(text: str) -> DayHours:
    """'9-12, 13:00–17:30' -> ((540, 720), (780, 1050)). Blank means no hours.

    Times are on the quarter hour; ranges may not overlap; "24:00" ends a day.
    """
    ranges: list[Range] = []
    for part in re.split(r"[,;\n]+", text):
        if not part.strip():
            continue
        match = _RANGE.match(part)
        if match is None:
            raise HoursError(
                f"“{part.strip()}” is not a range of hours. Write it like 09:00–12:00."
            )
        start = _minutes(match[1], match[2], part)
        end = _minutes(match[3], match[4], part)
        if start % GRID_MINUTES or end % GRID_MINUTES:
            raise HoursError(
                f"“{part.strip()}”: use times on the quarter hour (:00, :15, :30 or :45)."
            )
        if end <= start:
            raise HoursError(
                f"“{part.strip()}” ends before it starts. For hours past midnight, "
                "end this day at 24:00 and start the next day at 00:00."
            )
        ranges.append((start, end))
    return normalise(ranges)


def normalise(ranges: Iterable[Sequence[int]]) -> DayHours:
    """Sorted, checked for overlaps; touching ranges stay separate (as typed)."""
    ordered = sorted((int(r[0]), int(r[1])) for r in ranges)
    for (_, end), (start, _) in itertools.pairwise(ordered):
        if start < end:
            raise HoursError(
                f"{format_range((start, end))} overlaps another range; "
                "list each stretch of time once."
            )
    for start, end in ordered:
        if not 0 <= start < end <= DAY_MINUTES:
            raise HoursError("Hours must lie between 00:00 and 24:00.")
    return tuple(ordered)


def format_minute(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def format_range(hours: Range) -> str:
    return f"{format_minute(hours[0])}–{format_minute(hours[1])}"


def format_hours(hours: Iterable[Range]) -> str:
    return ", ".join(format_range(r) for r in hours)


def as_json(hours: DayHours) -> list[list[int]]:
    return [[start, end] for start, end in hours]


def from_json(value: object) -> DayHours:
    """What the database holds, trusted to have been written by normalise()."""
    if not isinstance(value, list):
        return ()
    return tuple((int(r[0]), int(r[1])) for r in value)

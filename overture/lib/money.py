"""Currencies (ISO 4217) and salary formatting, free of any model."""

from functools import cache

import pycountry


@cache
def currency_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


@cache
def currency_choices() -> list[tuple[str, str]]:
    common = ["USD", "EUR", "GBP", "CAD", "AUD", "CHF", "SEK", "NOK", "DKK", "PLN", "INR", "JPY"]
    rest = sorted(currency_codes() - set(common))
    name = {c.alpha_3: c.name for c in pycountry.currencies}
    return [(code, f"{code} — {name[code]}") for code in [*common, *rest]]


def is_currency(code: str) -> bool:
    return code in currency_codes()


def format_amount(amount: int) -> str:
    return f"{amount:,}"


def format_salary(currency: str, minimum: int, maximum: int | None) -> str:
    if maximum is None or maximum == minimum:
        return f"{currency} {format_amount(minimum)} a year"
    return f"{currency} {format_amount(minimum)}–{format_amount(maximum)} a year"

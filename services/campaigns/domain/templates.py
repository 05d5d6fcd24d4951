"""Outreach templates: Jinja2 text rendered in its sandbox, never by string replacement; pure.

A variable the creator lacks is reported by name, never rendered as blank: the whole template is
rendered once with every missing variable recorded, so one preview names them all. A template
makes a variable optional by guarding it (`{% if offer %}…{% endif %}`, `{{ x | default("…") }}`):
a guard tests a variable without printing it, so it is not a missing one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError, Undefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from shared.money import format_money
from shared.vocabulary import Cause, Topic

_missing: ContextVar[set[str]] = ContextVar("missing_template_variables")


class _Missing(Undefined):
    """Records its name wherever its value is used (printed, iterated, measured, computed with)."""

    __slots__ = ()

    def _record(self) -> str:
        if self._undefined_exception is SecurityError:  # an attribute the sandbox hides
            super()._fail_with_undefined_error()
        name = self._undefined_name or self._undefined_hint or "?"
        _missing.get().add(name)
        return name

    def __str__(self) -> str:
        # A preview shows where the missing value goes; such a text is never sent.
        return "{{ " + self._record() + " }}"

    def __iter__(self) -> Iterator[Any]:
        self._record()
        return iter(())

    def __len__(self) -> int:
        self._record()
        return 0

    def __bool__(self) -> bool:
        return False

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
        self._record()
        return super()._fail_with_undefined_error(*args, **kwargs)

    # Undefined binds its operators to its own function; these record the name first.
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = (
        __floordiv__) = __rfloordiv__ = __mod__ = __rmod__ = __pos__ = __neg__ = __call__ = (
        __getitem__) = __lt__ = __le__ = __gt__ = __ge__ = __int__ = __float__ = __complex__ = (
        __pow__) = __rpow__ = _fail_with_undefined_error


def words(values: Iterable[Any], conjunction: str = "and") -> str:
    """['a', 'b', 'c'] → 'a, b and c' (the `words` filter)."""
    items = [str(v) for v in values]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


_ENV = SandboxedEnvironment(undefined=_Missing, autoescape=False, keep_trailing_newline=True)
_ENV.filters["words"] = words

# What a template may use, documented in the API and docs/campaigns.md.
VARIABLES: dict[str, str] = {
    "creator_name": "the creator's display name",
    "first_name": "the first word of the display name",
    "handle": "their handle on their main platform",
    "platform": "their main platform",
    "followers": "their followers on it",
    "recent_topics": "the topics they post about (words, e.g. ['food & drink'])",
    "values": "the causes they stand for (words)",
    "shared_values": "their causes the campaign's personas or creator brief also name",
    "campaign_name": "the campaign's name",
    "brand": "the brand",
    "campaign_brief": "the campaign's brief",
    "offer": "the collaboration's open offer in words (fee, gift, performance pay, deliverables), "
             "unless given with the request",
    "sender_name": "who signs: the workspace's sender name",
}


class TemplateProblem(ValueError):
    """The template cannot be compiled or rendered (syntax, or an operation the sandbox forbids)."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    missing: list[str]


def check(source: str) -> None:
    """Raises TemplateProblem when `source` is not a template the sandbox compiles."""
    try:
        _ENV.parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"line {exc.lineno}: {exc.message}") from exc


def render(subject: str, body: str, variables: Mapping[str, Any]) -> Rendered:
    """Both parts rendered with `variables`; `missing` names (sorted) what they used and lacked.
    Empty values (no shared values, no topics) count as lacking."""
    present = {name: value for name, value in variables.items() if value not in (None, "", [], {})}
    sink: set[str] = set()
    token = _missing.set(sink)
    try:
        rendered = Rendered(_ENV.from_string(subject).render(present),
                            _ENV.from_string(body).render(present), [])
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"line {exc.lineno}: {exc.message}") from exc
    except SecurityError as exc:
        raise TemplateProblem(f"not allowed in a template: {exc}") from exc
    except TemplateError as exc:
        # A missing value used in arithmetic or called raises once recorded: what was rendered
        # before it is lost, the names are what matter.
        if not sink:
            raise TemplateProblem(str(exc)) from exc
        rendered = Rendered("", "", [])
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise TemplateProblem(str(exc)) from exc
    finally:
        _missing.reset(token)
    return Rendered(rendered.subject, rendered.body, sorted(sink))


def label(code: str) -> str:
    """A vocabulary code as words: food_drink → food & drink, animal_welfare → animal welfare."""
    return _LABELS.get(code, code.replace("_", " "))


_LABELS = {
    Topic.FOOD_DRINK.value: "food & drink", Topic.FILM_TV.value: "film & TV",
    Topic.ART_DESIGN.value: "art & design", Topic.HEALTH_WELLNESS.value: "health & wellness",
    Topic.NATURE_OUTDOORS.value: "nature & the outdoors", Topic.PETS_ANIMALS.value: "pets & animals",
    Topic.NEWS_POLITICS.value: "news & politics", Topic.PARENTING_FAMILY.value: "parenting & family",
    Topic.BOOKS_LITERATURE.value: "books & literature", Topic.HOME_DECOR.value: "home decor",
    Cause.DIVERSITY_INCLUSION.value: "diversity & inclusion", Cause.LGBTQ_RIGHTS.value: "LGBTQ+ rights",
}


def creator_variables(
    snapshot: Mapping[str, Any], campaign: Mapping[str, Any], sender_name: str | None,
    offer_terms: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The variables of one collaboration: the creator as campaigns knows them (discovery's
    snapshot, or what was typed in), the campaign's plan, and the offer on the table."""
    name = str(snapshot.get("display_name") or "")
    wanted = {v for persona in campaign.get("personas") or [] for v in persona.get("values") or []}
    wanted |= set((campaign.get("creators") or {}).get("values") or [])
    values = list(snapshot.get("values") or [])
    return {
        "creator_name": name, "first_name": name.split()[0] if name.split() else "",
        "handle": snapshot.get("handle"), "platform": snapshot.get("platform"),
        "followers": snapshot.get("followers"),
        "recent_topics": [label(t) for t in snapshot.get("topics") or []],
        "values": [label(v) for v in values],
        "shared_values": [label(v) for v in values if v in wanted],
        "campaign_name": campaign.get("name"), "brand": campaign.get("brand"),
        "campaign_brief": campaign.get("brief"), "sender_name": sender_name,
        "offer": offer_words(offer_terms) if offer_terms else None,
    }


_PER = {"impressions": "per 1,000 impressions", "engagements": "per engagement",
        "clicks": "per click", "conversions": "per sale", "revenue": "of revenue"}


def offer_words(terms: Mapping[str, Any]) -> str:
    """An offer's terms as a sentence: '1,500.00 USD and a gift worth 45.00 USD for 2 instagram
    reels'; performance pay as '8.00 USD per sale' or '10 % of revenue'."""
    currency = str(terms["currency"])
    deliverables = terms.get("deliverables") or []
    fee = terms.get("fee_minor")
    if not fee and terms.get("compensation_model") == "per_deliverable":
        fee = sum(d.get("fee_minor", 0) * d.get("count", 1) for d in deliverables)
    pay = [format_money(fee, currency)] if fee else []
    for rate in terms.get("performance_rates") or []:
        amount = (f"{rate['percent']} %" if rate.get("percent") is not None
                  else format_money(rate.get("amount_minor") or 0, currency))
        pay.append(f"{amount} {_PER.get(rate['basis'], 'per ' + str(rate['basis']))}")
    if terms.get("gifted_value_minor"):
        pay.append(f"a gift worth {format_money(terms['gifted_value_minor'], currency)}")
    pieces = [f"{d.get('count', 1)} {d['platform']} {_plural(str(d['format']), d.get('count', 1))}"
              for d in deliverables]
    return words(pay) + (f" for {words(pieces)}" if pieces else "")


def _plural(word: str, count: int) -> str:
    if count == 1:
        return word
    return word[:-1] + "ies" if word.endswith("y") else word + "s"

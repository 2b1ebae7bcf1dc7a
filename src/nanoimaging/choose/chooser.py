"""Which modalities fit a set of requirements, and why: :func:`choose`.

Every modality is put through the same checks, in this fixed order
(:data:`CHECKS`), each answered from a row of the data package:

1. ``aspect``: Table 1 lists an approach for imaging it (``approaches``);
2. ``setting``: a row codes a use in that setting, at some scale (``scales``; a missing row
   is no statement of the review, only a scale the data does not code);
3. ``scale``: a row codes the scale in that setting (``scales``, with its words and line);
4. ``depth``: the printed imaging depth reaches ``min_depth`` (``modalities``);
5. ``resolution``: a printed spatial resolution is at least as fine as ``max_resolution`` (``resolution``);
6. ``temporal``: the printed temporal resolution is at least as fast as asked (``modalities``);
7. ``label-free`` and 8. ``non-invasive``: a row states it, for that setting (``properties``).

A check whose requirement is not given is skipped. A modality fits when it
passes every check in one setting; with no ``setting`` given both are tried,
and it fits if either works. An excluded modality is reported with the first
check it fails (in the setting that got furthest; clinical first on a tie).

How the printed values are read (the choices are the honest ones, not the generous ones):

- depth "Whole body" meets any depth; "Not applicable" (MSI images sections of
  excised tissue) meets none; a range "1-2 mm" reaches its deeper value (2 mm);
- a printed resolution counts with the finest number it prints, the one rule the
  charts' captions rank by too (:func:`~nanoimaging.data.units.finest_value`): a
  range "50-500 µm" with 50 µm; an upper bound "< 1 mm" or "Sub-µm" with its
  bound; a value printed for a
  setting (PET ~4 mm clinical, < 1 mm preclinical) only counts in that setting;
- a resolution printed as a word ("Subcellular", IVM) has no number: it meets no
  ``max_resolution``, because any number put on it would be invented here;
- temporal resolution is ordered slow < medium < fast; ``"medium"`` accepts fast;
- label-free and non-invasive need a plain "yes" in ``properties``; "sometimes"
  (Table 1: "Labelling often required") and no row do not fit.

Fits are ranked by their margin, in whole decades to spare on the tighter of the
resolution and depth requirements (floor of log10 of required / printed for
resolution, printed / required for depth; "Whole body" has no depth limit),
then by the number of studies the review describes for that modality and the
aspect, scale and setting asked, then in Table 1 order.

>>> from nanoimaging import load
>>> choice = choose(load(), aspect="drug", scale="tissue", label_free=True)
>>> "MSI" in [fit.name for fit in choice.fits]
True
>>> [e.summary for e in choice.excluded if e.modality_id == "pet-spect"]
['label-free: no (Table 1: Labelling required)']
"""

from __future__ import annotations

from ..data.dataset import Dataset
from ..data.studies import evidence_rows
from ..data.vocabulary import SETTINGS
from .checks import Outcome, evaluate
from .facts import facts_by_modality, plain, text_of
from .requirements import Requirements, requirements
from .results import CHECKS, Choice, Exclusion, Fit, Reason, Study, joint_credit


def _studies(data: Dataset, req: Requirements) -> dict[str, tuple[Study, ...]]:
    """modality_id -> the studies the review describes for the aspect, scale and setting asked."""
    rows = evidence_rows(data)
    for column, value in (("aspect", req.aspect), ("scale", req.scale), ("setting", req.setting)):
        if value:
            rows = rows[rows[column] == value]
    rows = rows.sort_values(["ref", "study_id"]).drop_duplicates(["modality_id", "credit_key"])  # credits, not rows
    found: dict[str, list[Study]] = {}
    for r in rows.itertuples():
        found.setdefault(str(r.modality_id), []).append(
            Study(str(r.study_id), plain(r.ref), str(r.cite_key), text_of(r.setting), str(r.label), joint_credit(r))
        )
    return {k: tuple(v) for k, v in found.items()}


def _merge(outcomes: list[Outcome]) -> tuple[Reason, ...]:
    """The reasons of the settings a modality fits in, each setting-free reason once, in check order."""
    seen, merged = set(), []
    for check in CHECKS:
        for o in outcomes:
            for r in o.passed:
                if r.check == check and (r.check, r.setting, r.message) not in seen:
                    seen.add((r.check, r.setting, r.message))
                    merged.append(r)
    return tuple(merged)


def _sort_key_margin(margin: float | None) -> float:
    return 0.0 if margin is None else margin


def choose(
    data: Dataset,
    aspect: str | None = None,
    scale: str | None = None,
    setting: str | None = None,
    min_depth: float | str | None = None,
    max_resolution: float | str | None = None,
    label_free: bool | None = None,
    non_invasive: bool | None = None,
    temporal_resolution: str | None = None,
) -> Choice:
    """The modalities that meet the requirements, ranked, with the data rows behind each answer.

    :param aspect: ``drug``, ``nanoparticle`` or ``environment``.
    :param scale: ``patient``, ``organ-tumour``, ``tissue``, ``cellular`` or ``subcellular``.
    :param setting: ``clinical`` or ``preclinical``; None tries both.
    :param min_depth: deepest depth needed: ``"5 mm"`` (any length pint reads) or metres.
    :param max_resolution: coarsest spatial resolution accepted: ``"10 um"`` or metres.
    :param label_free: True to need a label-free modality (a plain yes in ``properties``).
    :param non_invasive: True to need a non-invasive one (in the setting).
    :param temporal_resolution: ``slow``, ``medium`` or ``fast``: at least this fast.
    :raises ChooserError: for an unknown value, a length without a length unit, or one <= 0.

    See the module's documentation for the checks, how printed values are read and the ranking.

    >>> from nanoimaging import load
    >>> "PET / SPECT" in [f.name for f in choose(load(), setting="clinical", scale="organ-tumour").fits]
    True
    """
    req = requirements(aspect, scale, setting, min_depth, max_resolution, label_free, non_invasive, temporal_resolution)
    facts = facts_by_modality(data)
    names = data.modality_labels()  # "(added)" after a modality that is not in the review
    studies = _studies(data, req)
    settings = (req.setting,) if req.setting else SETTINGS
    fits, excluded = [], []
    for position, (mid, f) in enumerate(facts.items()):
        outcomes = [evaluate(f, s, req) for s in settings]
        good = [o for o in outcomes if o.failure is None]
        name = names[mid]
        if good:
            margin = max((o.margin for o in good), key=_sort_key_margin)
            fits.append(
                (
                    position,
                    Fit(mid, name, 0, tuple(o.setting for o in good), margin, _merge(good), studies.get(mid, ())),
                )
            )
        else:
            worst = max(outcomes, key=lambda o: o.fail_index)  # max keeps the first: clinical on a tie
            excluded.append(Exclusion(mid, name, worst.failure.check, worst.failure, worst.summary))
    fits.sort(key=lambda pf: (-_sort_key_margin(pf[1].margin), -len(pf[1].studies), pf[0]))
    ranked = tuple(
        Fit(f.modality_id, f.name, rank, f.settings, f.margin, f.reasons, f.studies)
        for rank, (_, f) in enumerate(fits, start=1)
    )
    return Choice(req, ranked, tuple(excluded))

"""``vnfacts series``, ``vnfacts indicators`` and ``vnfacts observations rebuild``: claims as
indicator data (``vnfacts.store.observations``).

    vnfacts series --indicator cooperatives --province "Thái Nguyên" --period-from 2019 --format csv
    vnfacts indicators
    vnfacts observations rebuild
"""
from __future__ import annotations

from typing import Annotated

import typer

from vnfacts.cli.common import Db, err, fail, out, session

observations_app = typer.Typer(help="Observations: the claims that state one value, merged (store.observations).",
                               no_args_is_help=True)

SERIES_TABLE = ["indicator", "province", "period", "modality", "value", "qualifier", "n_claims", "n_articles",
                "claim_ids", "conflict"]


def series(
    indicator: Annotated[str, typer.Option("--indicator", metavar="KEY|WORDS",
                                           help="A series: cooperatives, HTX, cooperatives.agriculture, 'HTX nông nghiệp'")],
    province: Annotated[list[str] | None, typer.Option("--province", metavar="NAME",
                                                      help="Repeat for several; any spelling")] = None,
    national: Annotated[bool, typer.Option("--national", help="With --province: observations with no province too")] = False,
    modality: Annotated[str | None, typer.Option("--modality", metavar="fact|target", help="fact or target")] = None,
    period_from: Annotated[int | None, typer.Option("--period-from", metavar="YYYY",
                                                    help="Periods that overlap this year or later")] = None,
    period_to: Annotated[int | None, typer.Option("--period-to", metavar="YYYY",
                                                  help="Periods that overlap this year or earlier")] = None,
    conflicts: Annotated[bool, typer.Option("--conflicts", help="Only observations in conflict")] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="table|csv|json", help="table, csv or json")] = "table",
    db: Db = None,
) -> None:
    """An indicator as tidy data: one row per observation, with its claims and any conflict.

    An observation is one value of a series for a place, period and modality, built from the
    claims that state it."""
    from vnfacts.cli.main import Fmt, _print_rows, _resolve
    from vnfacts.store import observations, vocab

    if fmt not in ("table", "csv", "json"):
        fail(f"--format: expected table, csv or json, got {fmt!r}")
    key = _resolve("indicator", indicator, observations.resolve_series)
    provinces = [_resolve("province", p, vocab.province) for p in province or []]
    m = _resolve("modality", modality, vocab.modality)
    if period_from is not None and period_to is not None and period_from > period_to:
        fail(f"--period-from {period_from} is after --period-to {period_to}")
    with session(db) as s:
        rows = observations.series(s, indicator=key, provinces=provinces, national=national, modality=m,
                                   period_from=period_from, period_to=period_to, conflict=True if conflicts else None)
    if fmt == "table":
        for r in rows:
            r["claim_ids"] = " ".join(map(str, r["claim_ids"]))
            r["conflict"] = "CONFLICT" if r["conflict"] else ""
        for r in rows:
            r["modality"] = "fact" if r["modality"] == "actual" else r["modality"]
            r["province"] = r["province"] or "(national)"
            r["qualifier"] = "" if r["qualifier"] == "exact" else r["qualifier"]
    elif fmt == "csv":
        for r in rows:
            r["claim_ids"] = " ".join(map(str, r["claim_ids"]))
    _print_rows(rows, Fmt(fmt), SERIES_TABLE, f"series {key}", csv_columns=list(observations.OBSERVATION_COLUMNS))
    if fmt == "table" and rows:
        n_conflict = sum(bool(r["conflict"]) for r in rows)
        err.print(f"{len(rows)} observations from {sum(r['n_claims'] for r in rows)} claims; "
                  f"{n_conflict} in conflict (several values for one place, period and modality: all kept)",
                  highlight=False)


def indicators(fmt: Annotated[str, typer.Option("--format", "-f", metavar="table|json", help="table or json")] = "table",
               all_keys: Annotated[bool, typer.Option("--all", help="Also the keys with no claims")] = False,
               db: Db = None) -> None:
    """Every indicator key and sub-type, with its description, aliases, claims and observations.

    Sub-types are keys of their own (cooperatives.agriculture)."""
    from vnfacts.cli.main import Fmt, _print_rows
    from vnfacts.store import observations

    with session(db) as s:
        rows = [r for r in observations.indicators(s) if all_keys or r["claims"] or r["observations"]]
    if fmt == "json":
        _print_rows(rows, Fmt.json)
        return
    for r in rows:
        r["aliases"] = ", ".join(r["aliases"])
    _print_rows(rows, Fmt.table, ["key", "claims", "observations", "label", "aliases"], "indicators")


@observations_app.command("rebuild")
def rebuild(db: Db = None) -> None:
    """Recompute every claim's period bounds, series and observation key, then every observation
    (ingest keeps them current; this is for a changed taxonomy or an upgraded database)."""
    from vnfacts.store import observations

    with session(db, write=True) as s:
        n = observations.rebuild(s)
    out.print(f"{n['observations']} observations from {n['level_claims']} of {n['claims']} claims "
              f"({n['keys']} keys, {n['conflicts']} observations in conflict) in {n['seconds']} s", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("series")(series)
    app.command("indicators")(indicators)
    app.add_typer(observations_app, name="observations")

"""Early warning with a track record (issue 5): weekly probabilistic forecasts of a dyad's violent incidents
and fatalities, 1 to 4 weeks ahead, by a self-exciting count model and five baselines; rolling-origin
backtests (CRPS, Brier, average precision, 80%/95% coverage); and warnings raised only by a model that beat
every baseline, naming the incidents that drove them.

Pure numerical code over plain weekly arrays (oldest week first); the caller builds them from the store
(:func:`target_values` turns a :class:`~flashpoint.dyad.records.Series` into one). Settings:
``resources/warning/warning.toml``.

    models.py    Model protocol; HawkesModel; ZeroModel, LastValueModel, MeanModel, Bootstrap12Model,
                 SurgeRule (the baselines)
    backtest.py  backtest(series, models, target=...) -> list[BacktestScore]; backtest_series; score_table
    warn.py      beats_baselines, forecast_all -> list[Forecast], early_warning -> EarlyWarning | None
    scores.py    CRPS (scoringrules), Brier, average precision, interval coverage, the escalation threshold
    series.py    target_values, weekly_totals, the fatality figure of a range
"""

from __future__ import annotations

from flashpoint.warning.backtest import backtest, backtest_series, score_table, threshold_rule
from flashpoint.warning.models import (
    Bootstrap12Model,
    HawkesModel,
    LastValueModel,
    MeanModel,
    Model,
    SurgeRule,
    ZeroModel,
    all_models,
    baselines,
)
from flashpoint.warning.scores import (
    average_precision,
    brier,
    central_interval,
    coverage,
    crps,
    escalation_threshold,
)
from flashpoint.warning.series import fatality_count, target_values, week_starts, weekly_totals
from flashpoint.warning.settings import TARGETS, WarningSettings, default_settings, parse_settings
from flashpoint.warning.warn import IncidentsByWeek, beats_baselines, drivers, early_warning, forecast_all

__all__ = [
    "TARGETS",
    "Bootstrap12Model",
    "HawkesModel",
    "IncidentsByWeek",
    "LastValueModel",
    "MeanModel",
    "Model",
    "SurgeRule",
    "WarningSettings",
    "ZeroModel",
    "all_models",
    "average_precision",
    "backtest",
    "backtest_series",
    "baselines",
    "beats_baselines",
    "brier",
    "central_interval",
    "coverage",
    "crps",
    "default_settings",
    "drivers",
    "early_warning",
    "escalation_threshold",
    "fatality_count",
    "forecast_all",
    "parse_settings",
    "score_table",
    "target_values",
    "threshold_rule",
    "week_starts",
    "weekly_totals",
]

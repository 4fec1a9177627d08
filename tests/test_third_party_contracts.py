"""What the package relies on in other packages beyond their documented API.

country_converter's public ``CountryConverter()`` fails to build under pandas 3
(its table's ISO2 column reads Namibia's ``NA`` as missing), so the actor
resolver reads the package's own data file, as the converter does. If an
upgrade moves or reshapes that file, this test says so by name instead of every
attribution test failing at once.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd


def test_country_converter_ships_the_data_file_the_actor_resolver_reads():
    import country_converter as coco

    data_file = Path(coco.__file__).parent / "country_data.tsv"
    assert data_file.is_file(), (
        f"country_converter {getattr(coco, '__version__', '?')} no longer ships {data_file.name}: "
        "update analysis.actors._country_patterns to the package's new data location")
    data = pd.read_csv(data_file, sep="\t", dtype=str, keep_default_na=False, nrows=5)
    missing = {"name_short", "ISO3", "regex", "obsolete"} - set(data.columns)
    assert not missing, (f"country_converter's data file lacks columns {sorted(missing)}: "
                         "update analysis.actors._country_patterns")


def test_the_resolver_finds_countries_by_name_demonym_and_capital():
    from analysis import actors

    assert actors.country_party("Namibian") == "Namibia"
    assert actors.country_party("Ethiopia") == "Ethiopia"
    assert actors.country_party("Belarusian") == "Belarus"

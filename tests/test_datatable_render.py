"""A data table renders as pytest-bdd renders it, and the scenario's own table stays as written."""

from pytest_bdd.gherkin_parser import Cell, DataTable, Location, Row

from conformance import datatable_render


def _table(*rows: tuple[str, ...]) -> DataTable:
    return DataTable(
        location=Location(column=5, line=10),
        rows=[
            Row(
                id=str(number),
                location=Location(column=5, line=10 + number),
                cells=[Cell(location=Location(column=7 + 4 * i, line=10 + number), value=v) for i, v in enumerate(row)],
            )
            for number, row in enumerate(rows)
        ],
    )


def test_placeholders_take_the_rows_values_and_the_source_is_untouched() -> None:
    source = _table(("site", "capacity"), ("<site>", "<capacity> kW"), ("fixed", "<unknown>"))
    rendered = datatable_render._render_datatable(source, {"site": "S1", "capacity": "200"})
    assert rendered.raw() == [["site", "capacity"], ["S1", "200 kW"], ["fixed", "<unknown>"]]
    assert source.raw() == [["site", "capacity"], ["<site>", "<capacity> kW"], ["fixed", "<unknown>"]]
    assert [row.id for row in rendered.rows] == ["0", "1", "2"]
    assert rendered.rows[1].cells[1].location == Location(column=11, line=11)
    assert rendered.location == source.location


def test_the_rendering_is_what_pytest_bdd_steps_use() -> None:
    datatable_render.install()
    from pytest_bdd.parser import Step  # noqa: PLC0415 - after install, as the plugin does at configure

    source = _table(("<a>",))
    assert Step.render_datatable(source, {"a": "1"}).raw() == [["1"]]
    assert Step.render_datatable is datatable_render._render_datatable

"""The environment check reports missing and outdated packages."""

from importlib import metadata

from rnn_helpers import environment


def test_this_environment_passes(capsys):
    assert environment.print_environment_report() is True
    out = capsys.readouterr().out
    assert "numpy" in out and "✅" in out


def test_old_and_missing_packages_are_reported(monkeypatch, capsys):
    real = metadata.version

    def fake_version(name):
        if name == "numpy":
            return "1.21.0"
        if name == "ipywidgets":
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(environment.metadata, "version", fake_version)
    report = environment.environment_report()
    assert any("numpy 1.21.0 is older than 1.26" in p for p in report["problems"])
    assert any("ipywidgets is not installed" in p for p in report["problems"])
    assert environment.print_environment_report(report) is False
    assert "MISSING" in capsys.readouterr().out


def test_version_tuple_handles_suffixes():
    assert environment._version_tuple("2.4.6") == (2, 4)
    assert environment._version_tuple("8.0.0rc1") == (8, 0)
    assert environment._version_tuple("3.11.0.dev5") == (3, 11)


def test_location_is_described_without_a_machine_path(tmp_path):
    course = tmp_path / "course"
    (course / "notebooks").mkdir(parents=True)
    package = str(course / "rnn_helpers")
    assert (
        environment.describe_location(package, cwd=course / "notebooks")
        == "../rnn_helpers (this course folder)"
    )
    assert environment.describe_location(package, cwd=course) == "rnn_helpers (this course folder)"
    site = "/opt/conda/lib/python3.11/site-packages/rnn_helpers"
    assert environment.describe_location(site) == "the installed package (site-packages)"
    elsewhere = str(tmp_path / "other" / "rnn_helpers")
    assert environment.describe_location(elsewhere, cwd=course / "notebooks") == elsewhere

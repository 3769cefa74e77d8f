"""Housekeeping: the LICENSE file is the license pyproject.toml declares."""

from __future__ import annotations

import re

from .conftest import ROOT

# The first line of each license's standard text, by its SPDX name.
LICENSE_HEADINGS = {"MIT": "MIT License", "Apache-2.0": "Apache License",
                    "BSD-3-Clause": "BSD 3-Clause License"}


def test_license_file_matches_pyproject():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    declared = re.search(r'^license\s*=\s*(?:\{\s*text\s*=\s*)?"([^"]+)"', pyproject, re.M)
    assert declared is not None, "pyproject.toml declares no license"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.splitlines()[0] == LICENSE_HEADINGS[declared[1]]
    if declared[1] == "MIT":
        assert "Permission is hereby granted, free of charge" in text
        assert re.search(r"^Copyright \(c\) \d{4} \S", text, re.M)

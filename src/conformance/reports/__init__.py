"""The reports one run writes: report.json (with its schema), junit.xml, report.html and report.md."""

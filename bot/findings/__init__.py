"""The findings registry (issue 5): tilsyn, per-bydel outcomes, lovbrudd and their follow-up.

Entry points: `bot.findings.service.build_findings_service` (routing, answers from the records,
officer changes, digest data) and `bot.findings.submissions.index_submitted_case` (submitted
intake files searchable for officers only).
"""

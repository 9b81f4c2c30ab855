"""The tilsyn lifecycle (issue 11): a tilsyn as the unit of work, each bydel's stage from audited
events, closure plans through the intake engine, and the officers' overview.

Entry point: `bot.lifecycle.service.build_lifecycle_service`. The tilsyn record is the findings
registry's (`bot.findings`), the cases are the intake engine's (`bot.intake`); this package owns
only the stage events (`lifecycle_events`) and the rules between them (`stages.TRANSITIONS`).
"""

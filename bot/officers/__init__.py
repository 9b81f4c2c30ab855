"""Officers close the loop (issue 10): escalated questions answered from Slack, and standard answers.

`escalations` holds a question sent to Statsforvalteren and its reply path (who asked, where, what
the bot said); `standard` holds the officers' curated answers with their audit trail, the check of
their citations against the index, and the matching of new questions against them. Nothing here
knows Slack: the listeners in `bot.slack.listeners.officers` parse, call these services and render.
"""

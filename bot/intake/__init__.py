"""Guided intake (issue 4): templates, cases, files, answers, deadlines and export, without Slack."""

"""Slack listeners, one package per feature, each with `register(app, services, registry)`.

Thin adapters: parse the payload, call a service, render Block Kit with `bot.slack.blocks`.
The features and their order are listed in `bot.slack.app.FEATURES`.
"""

"""User-facing texts (Norwegian bokmål) for generated answers and their settings."""

from __future__ import annotations

UNKNOWN_PROVIDER = (
    "Ugyldig verdi for LLM_PROVIDER: «{value}». Bruk tom verdi (ingen språkmodell), «openai» eller «ollama», "
    "og start boten på nytt."
)
MISSING_MODEL = "LLM_MODEL må være satt når LLM_PROVIDER er «{provider}». Sett modellnavnet og start boten på nytt."
MISSING_API_KEY = (
    "LLM_API_KEY må være satt når LLM_PROVIDER er «openai» uten LLM_BASE_URL. "
    "Sett nøkkelen, eller LLM_BASE_URL for en lokal tjeneste, og start boten på nytt."
)
INVALID_TIMEOUT = "LLM_TIMEOUT_S må være et positivt antall sekunder. Rett verdien og start boten på nytt."

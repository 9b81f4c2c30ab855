"""A scripted langchain chat model: returns prepared replies and records what it was sent.

Why: generation tests must show what happens for each kind of model behaviour (a good answer,
an invented §, an obeyed injection, a hang, a provider error) without a real model. A script
step is a string (the reply), an exception (raised, as a provider would), or a callable that
gets the messages and returns the reply (to model "obeying" what a passage says).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict, Field

Step = str | BaseException | Callable[[Sequence[BaseMessage]], str]


class ScriptedChatModel(BaseChatModel):
    """Replies from `script` in order (the last step repeats); `delay_s` sleeps before replying."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    script: list[Any] = Field(default_factory=list)
    delay_s: float = 0.0
    calls: list[list[BaseMessage]] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted-fake"

    @property
    def prompts(self) -> list[str]:
        """Every call's messages joined as one string, for assertions on what was sent."""
        return ["\n".join(str(m.content) for m in call) for call in self.calls]

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.calls.append(list(messages))
        if self.delay_s:
            threading.Event().wait(self.delay_s)
        if not self.script:
            raise AssertionError("ScriptedChatModel has no scripted reply")
        step = self.script[min(len(self.calls), len(self.script)) - 1]
        if isinstance(step, BaseException):
            raise step
        reply = step(messages) if callable(step) else step
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=reply))])

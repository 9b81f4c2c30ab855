"""An officer's reply is checked by the service before it is stored (the modal only shows the result)."""

from __future__ import annotations

import pytest

from bot.errors import ValidationFailedError
from bot.officers.escalations import Reply, reply_content


@pytest.mark.parametrize(("kind", "text", "refs", "link", "field"), [
    (Reply.ANSWERED, "  ", [], "", "answer"),
    (Reply.DECLINED, "", [], "", "reason"),
    (Reply.ANSWERED, "Gjelder 01019012480", [], "", "answer"),
    (Reply.ANSWERED, "Se loven.", ["krisesenterlova § 4"], "", "citations"),  # no index to check against
    (Reply.ANSWERED, "Se loven.", [], "http://example.no", "link"),
])
def test_a_reply_that_cannot_be_stored_names_the_form_field(kind: Reply, text: str, refs: list[str], link: str,
                                                            field: str) -> None:
    with pytest.raises(ValidationFailedError) as error:
        reply_content(kind, text, refs, link, None)
    assert error.value.field == field


def test_a_declined_reply_keeps_only_its_reason() -> None:
    content = reply_content(Reply.DECLINED, " Ikke vårt område. ", ["krisesenterlova § 4"], "https://x.no", None)
    assert (content.text, content.citations, content.link) == ("Ikke vårt område.", [], "")

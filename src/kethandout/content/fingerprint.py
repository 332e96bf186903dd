"""The content's fingerprint: a short hash of what it means, not of the file's bytes, so that
comments, key order and line breaks in folded text do not count. The consent form prints it,
so a signed paper maps to the exact wording it was built from."""
from __future__ import annotations

import hashlib
import json

from kethandout.content.schema import Content


def fingerprint(content: Content) -> str:
    """The approval itself does not count: recording it must not change what was approved."""
    data = content.model_dump(mode="json", exclude={"meta": {"approval"}})
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def approved(content: Content) -> bool:
    """Whether the content is exactly what its reviewer approved."""
    approval = content.meta.approval
    return approval is not None and approval.fingerprint == fingerprint(content)

"""A suppression comment that names no rule, or silences nothing.

## What it does
Reports each rule named in a `# copilot-lint: disable=…` or `# copilot-lint: disable-file=…`
comment that is not a rule (a typo such as `CL31` or `name-missing-envv`), or that silenced no
finding in this run: the line (or, for `disable-file`, the file) has no finding of that rule.
A rule that was not selected is still run to check its comments; a `CFN-` rule is checked only
when the cfn-lint pass ran, and `all` only when every rule and the cfn-lint pass ran. Reported
at info level, on the rule's name in the comment.

## Why is this bad?
A misspelt rule in a suppression silences nothing, so the finding it was meant to hide shows up
anyway, or the comment is copied elsewhere and trusted. A suppression that no longer silences
anything (the problem was fixed, the line moved) hides the next real finding of that rule on
that line without anyone noticing.

## Example
```yaml
Resources:
  Media:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '${App}-${Env}-media'  # copilot-lint: disable=CL301
```

## Use instead
```yaml
Resources:
  Media:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '${App}-${Env}-media'
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule
from copilot_lint.rules.files._support import SuppressionComment


class UnusedSuppression(Rule):
    id = "CL010"
    name = "unused-suppression"
    severity = "info"
    after_suppressions = True

    def check(self, ws: Context) -> Iterator[Finding]:
        for comment in ws.suppression_comments:
            if not comment.rule:
                yield _at(comment, f'suppression names unknown rule "{comment.reference}"',
                          "use a rule id or name from copilot-lint --list-rules")
            elif comment.checked and not comment.used:
                where = "in this file" if comment.file_wide else "on its line"
                yield _at(comment, f'suppression of "{comment.reference}" silences nothing '
                                   f"{where}", "remove it from the comment")


def _at(comment: SuppressionComment, message: str, hint: str) -> Finding:
    finding = Finding(comment.file, comment.line, comment.column, message, hint=hint,
                      key=f"suppression:{comment.reference}")
    finding.end_line, finding.end_column = comment.line, comment.end_column
    return finding

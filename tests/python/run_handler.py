"""Runs one exported handler (crates/sim_core/src/cloudformation/export/python/) on
many events, with boto3 replaced by test_handlers' recorder, and prints what the
Lambda console's Test would show for each: the response or the runtime's errorType
and errorMessage, and the lines the handler printed. Read by
crates/sim_core/tests/exported_handlers.rs, which compares them with the model's.

stdin:  {"name": "OrderWorkerFunction", "source": "import json…", "env": {"TABLE_NAME": "Orders"}, "events": [...]}
stdout: [{"ok": true, "response": ..., "lines": [...], "sent": [...]},
         {"ok": false, "errorType": ..., "errorMessage": ..., "lines": [...], "sent": [...]}]
"""

import contextlib
import io
import json
import linecache
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_handlers import Recorder, install_boto3, module_of  # noqa: E402


def outcome(module, event, rec):
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            result = module.lambda_handler(event, None)
        # The runtime answers the return value as JSON (a Decimal would fail here).
        answer = {"ok": True, "response": json.loads(json.dumps(result))}
    except Exception as e:  # the runtime reports any exception the handler raises
        # The stackTrace's frames in the handler's own file, as the runtime writes them
        # (the frames inside json, boto3 or botocore are left out: see the Rust test).
        frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == module.__name__ + ".py"]
        answer = {"ok": False, "errorType": type(e).__name__, "errorMessage": str(e),
                  "stackTrace": [f'  File "/var/task/index.py", line {f.lineno}, in {f.name}\n    {f.line}\n' for f in frames]}
    answer["lines"] = out.getvalue().splitlines()
    # The bodies of the messages it sent to SQS, in order.
    answer["sent"] = [kw["MessageBody"] for service, op, kw in rec.calls if (service, op) == ("sqs", "send_message")]
    return answer


def main():
    case = json.load(sys.stdin)
    os.environ.update(case["env"])
    # The handler's lines, for its traceback (it is compiled from text, not a file).
    linecache.cache[case["name"] + ".py"] = (len(case["source"]), None, case["source"].splitlines(True), case["name"] + ".py")
    results = []
    for event in case["events"]:
        # A fresh module and recorder per event, as a cold start would have.
        rec = Recorder()
        install_boto3(rec)
        results.append(outcome(module_of(case["name"], case["source"]), event, rec))
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()

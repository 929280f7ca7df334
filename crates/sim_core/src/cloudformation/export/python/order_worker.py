import json, os, boto3
from datetime import datetime, timezone
table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
FAIL_MARKER = os.environ["FAIL_MARKER"]
AMOUNT_LIMIT = float(os.environ["AMOUNT_LIMIT"])

def now():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")

def num(x):
    return str(int(x)) if float(x).is_integer() else str(x)

def lambda_handler(event, context):
    for record in event["Records"]:
        try:
            order = json.loads(record["body"])
        except ValueError:
            order = {}
        order = order if isinstance(order, dict) else {}
        oid = order.get("orderId") if isinstance(order.get("orderId"), str) else "?"
        print(f"Processing order {oid}")
        notes = order.get("notes") if isinstance(order.get("notes"), str) else ""
        if FAIL_MARKER and FAIL_MARKER in notes:
            raise Exception(f"Simulated processing failure for order {oid}")
        amount = float(order.get("amount") or 0)
        if amount > AMOUNT_LIMIT:
            reason = f"Amount {num(amount)} exceeds the automatic approval limit of {num(AMOUNT_LIMIT)}"
            table.update_item(Key={"orderId": oid}, UpdateExpression="SET #s = :s, failureReason = :r, failedAt = :t",
                              ExpressionAttributeNames={"#s": "status"},
                              ExpressionAttributeValues={":s": "FAILED", ":r": reason, ":t": now()})
            print(f"Order {oid} FAILED: {reason}")
            continue
        table.update_item(Key={"orderId": oid}, UpdateExpression="SET #s = :s, completedAt = :t",
                          ExpressionAttributeNames={"#s": "status"},
                          ExpressionAttributeValues={":s": "COMPLETED", ":t": now()})
        print(f"Order {oid} COMPLETED")

import json, os, boto3
from datetime import datetime, timezone
table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])

def handler(event, context):
    for record in event["Records"]:
        body = json.loads(record["body"])
        order = body.get("detail", body)
        oid = order.get("orderId")
        if not isinstance(oid, str):
            continue
        try:
            table.put_item(Item={"orderId": oid, "items": order.get("items", []),
                                 "reservedAt": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")},
                           ConditionExpression="attribute_not_exists(orderId)")
            print(f"Inventory reserved for order {oid}")
        except table.meta.client.exceptions.ConditionalCheckFailedException:
            print(f"Inventory already reserved for order {oid}: skipping (idempotent)")

import json, os, boto3
from datetime import datetime, timezone
table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])

def order_id(order):
    # The challenge's test sends order_id; older tools send orderId.
    return order.get("order_id") or order.get("orderId")

def lambda_handler(event, context):
    for record in event["Records"]:
        body = json.loads(record["body"])
        order = body.get("detail", body)
        oid = order_id(order)
        if not isinstance(oid, str):
            continue
        try:
            table.put_item(Item={"order_id": oid, "items": order.get("items", []),
                                 "reservedAt": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")},
                           ConditionExpression="attribute_not_exists(order_id)")
            print(f"Inventory reserved for order {oid}")
        except table.meta.client.exceptions.ConditionalCheckFailedException:
            print(f"Inventory already reserved for order {oid}: skipping (idempotent)")

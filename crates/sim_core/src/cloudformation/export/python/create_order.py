import json, os, uuid, boto3
from datetime import datetime, timezone
from decimal import Decimal
table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])

def reply(code, body):
    # A REST API's proxy integration adds no CORS header: the browser form needs this one.
    return {"statusCode": code, "headers": {"Content-Type": "application/json", "Access-Control-Allow-Origin": "*"},
            "body": json.dumps(body)}

def lambda_handler(event, context):
    raw = event.get("body") or ""
    try:
        order = json.loads(raw)
    except ValueError:
        print(f"Invalid JSON body: {raw[:80]}")
        return reply(400, {"message": "Invalid JSON in request body"})
    if not isinstance(order, dict):
        return reply(400, {"message": "Request body must be a JSON object"})
    missing = [k for k in ("customerName", "product", "amount") if order.get(k) is None]
    if missing:
        return reply(400, {"message": "Missing required fields: " + ", ".join(missing)})
    try:
        amount = float(order["amount"])
    except (TypeError, ValueError):
        amount = -1
    if amount < 0 or amount != amount or amount == float("inf"):
        return reply(400, {"message": "amount must be a non-negative number"})
    order_id = order["orderId"] if isinstance(order.get("orderId"), str) else str(uuid.uuid4())
    item = {"orderId": order_id, "customerName": order["customerName"], "product": order["product"],
            "amount": Decimal(str(amount)), "status": "PENDING",
            "createdAt": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")}
    if order.get("notes") is not None:
        item["notes"] = order["notes"]
    table.put_item(Item=item, ConditionExpression="attribute_not_exists(orderId)")
    print(f"Order created: {order_id}")
    return reply(201, {"message": "Order created successfully", "orderId": order_id})

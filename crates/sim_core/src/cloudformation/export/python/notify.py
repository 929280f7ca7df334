import json

def order_id(order):
    # The challenge's test sends order_id; older tools send orderId.
    return order.get("order_id") or order.get("orderId")

def lambda_handler(event, context):
    if "Records" in event:
        orders = []
        for record in event["Records"]:
            body = json.loads(record.get("body") or "{}")
            orders.append(body.get("detail", body))
    else:
        orders = [event.get("detail", event)]
    for order in orders:
        who = order.get("customerEmail") or order.get("customerName") or "the customer"
        print(f"Notification sent to {who} for order {order_id(order) or '?'}")

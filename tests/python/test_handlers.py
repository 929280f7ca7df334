"""The Python handlers an exported template deploys (crates/sim_core/src/cloudformation/
export/python/), run against the events AWS would pass them, with boto3 replaced by a
recorder: each logs the lines and makes the calls EventLab's behaviour of the same name
does (crates/sim_core/src/labs/). Standard library only; run by scripts/test.sh."""

import contextlib
import decimal
import io
import json
import os
import random
import sys
import time
import types
import unittest
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
CODE = os.path.join(HERE, "..", "..", "crates", "sim_core", "src", "cloudformation", "export", "python")


class ConditionalCheckFailed(Exception):
    pass


class ClientError(Exception):
    """botocore's error for a refused call: its str is AWS's message."""


# The labs' tables' key attributes, each declared a string (AttributeType S).
KEYS = {"orderId", "pedidoId", "order_id"}


def refuse_floats(v):
    """boto3's TypeSerializer refuses a float anywhere in what it writes."""
    if isinstance(v, float):
        raise TypeError("Float types are not supported. Use Decimal types instead.")
    for x in (v.values() if isinstance(v, dict) else v if isinstance(v, list) else []):
        refuse_floats(x)


def dynamodb_type(v):
    """The type boto3 gives a Python value when it writes it to DynamoDB."""
    if isinstance(v, bool):
        return "BOOL"
    if isinstance(v, (int, float, decimal.Decimal)):
        return "N"
    return {str: "S", type(None): "NULL", dict: "M", list: "L"}.get(type(v), "?")


class Recorder:
    """Every boto3 call, in order; a table refuses a conditional put of a key it has."""

    def __init__(self):
        self.calls = []
        self.items = {}
        self.slept = []

    def sleep(self, seconds):
        """time.sleep, recorded instead of waited."""
        self.slept.append(seconds)

    def client(self, service, *_, **__):
        rec = self

        class Client:
            exceptions = types.SimpleNamespace(ConditionalCheckFailedException=ConditionalCheckFailed)

            def __getattr__(self, op):
                def call(**kw):
                    rec.calls.append((service, op, kw))
                    if op == "get_object":
                        if ("s3", kw["Key"]) not in rec.items:
                            raise ClientError("An error occurred (NoSuchBucket) when calling the GetObject operation: "
                                              "The specified bucket does not exist")
                        return {"Body": io.BytesIO(rec.items[("s3", kw["Key"])])}
                    if op == "put_events":
                        return {"FailedEntryCount": 0, "Entries": [{"EventId": str(uuid.uuid4())} for _ in kw["Entries"]]}
                    return {"MessageId": "m-1"}
                return call
        return Client()

    def resource(self, service):
        rec = self

        class Table:
            def __init__(self, name):
                self.name = name
                self.meta = types.SimpleNamespace(client=rec.client("dynamodb"))

            def put_item(self, Item, ConditionExpression=None):
                refuse_floats(Item)
                for k in KEYS & Item.keys():
                    if dynamodb_type(Item[k]) != "S":
                        raise ClientError("An error occurred (ValidationException) when calling the PutItem operation: One or more "
                                          f"parameter values were invalid: Type mismatch for key {k} expected: S actual: {dynamodb_type(Item[k])}")
                key = (self.name, json.dumps(sorted((k, str(v)) for k, v in Item.items() if k in ("orderId", "pedidoId"))))
                if ConditionExpression and key in rec.items:
                    raise ConditionalCheckFailed()
                rec.items[key] = Item
                rec.calls.append(("dynamodb", "put_item", {"Item": Item}))

            def update_item(self, **kw):
                refuse_floats([kw["Key"], kw.get("ExpressionAttributeValues")])
                if any(dynamodb_type(v) != "S" for v in kw["Key"].values()):
                    raise ClientError("An error occurred (ValidationException) when calling the UpdateItem operation: "
                                      "The provided key element does not match the schema")
                rec.calls.append(("dynamodb", "update_item", kw))
                return {"Attributes": {}}
        return types.SimpleNamespace(Table=Table)


def load(name, env, rec):
    """The handler module, with a fresh recorder as boto3 and its variables set."""
    install_boto3(rec)
    os.environ.update(env)
    with open(os.path.join(CODE, name + ".py"), encoding="utf-8") as f:
        return module_of(name, f.read())


def module_of(name, source):
    module = types.ModuleType(name)
    exec(compile(source, name + ".py", "exec"), module.__dict__)
    return module


def install_boto3(rec):
    """boto3 as the recorder: clients and tables that record every call."""
    boto3 = types.ModuleType("boto3")
    boto3.client = rec.client
    boto3.resource = rec.resource
    dynamodb = types.ModuleType("boto3.dynamodb")
    types_mod = types.ModuleType("boto3.dynamodb.types")

    class TypeDeserializer:
        def deserialize(self, v):
            (t, x), = v.items()
            # As boto3's: a number comes back as a Decimal, which json.dumps refuses.
            return {"S": str, "N": decimal.Decimal, "SS": set}.get(t, lambda y: y)(x)
    types_mod.TypeDeserializer = TypeDeserializer
    sys.modules.update({"boto3": boto3, "boto3.dynamodb": dynamodb, "boto3.dynamodb.types": types_mod})
    time.sleep = rec.sleep


def run(module, event):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = module.lambda_handler(event, None)
    return result, out.getvalue().splitlines()


def sqs_event(*bodies):
    return {"Records": [{"messageId": f"id-{i}", "body": json.dumps(b)} for i, b in enumerate(bodies)]}


class Handlers(unittest.TestCase):
    def test_publish_order_puts_order_placed_and_answers_201(self):
        rec = Recorder()
        m = load("publish_order", {"EVENT_BUS_NAME": "order-events", "SOURCE": "com.myapp.orders", "DETAIL_TYPE": "order.placed"}, rec)
        result, lines = run(m, {"body": json.dumps({"orderId": "ord-1", "amount": 120})})
        self.assertEqual(result["statusCode"], 201)
        self.assertEqual(json.loads(result["body"]), {"message": "Order placed", "order_id": "ord-1"})
        self.assertEqual(lines[1:], ["Published order.placed for order ord-1"])
        self.assertRegex(lines[0], r'^PutEvents: FailedEntryCount=0 Entries=\[\{"EventId":"[0-9a-f-]{36}"\}\]$')
        (_, op, kw), = rec.calls
        self.assertEqual((op, kw["Entries"][0]["EventBusName"], kw["Entries"][0]["DetailType"]), ("put_events", "order-events", "order.placed"))
        result, _ = run(m, {"body": "not json"})
        self.assertEqual(result["statusCode"], 400)

    def test_charge_payment_reports_only_declined_items(self):
        m = load("charge_payment", {"SUCCESS_PER_MILLE": "0"}, Recorder())
        event = sqs_event({"detail": {"orderId": "o1", "amount": 10}}, {"detail": {"orderId": "o2", "amount": 20}})
        result, lines = run(m, event)
        self.assertEqual(result, {"batchItemFailures": [{"itemIdentifier": "id-0"}, {"itemIdentifier": "id-1"}]})
        self.assertEqual(lines[0], "Payment declined for order o1: reporting item failure")
        m = load("charge_payment", {"SUCCESS_PER_MILLE": "1000"}, Recorder())
        result, lines = run(m, event)
        self.assertEqual(result, {"batchItemFailures": []})
        self.assertEqual(lines, ["Payment of 10 charged for order o1", "Payment of 20 charged for order o2"])

    def test_reserve_inventory_is_idempotent(self):
        rec = Recorder()
        m = load("reserve_inventory", {"TABLE_NAME": "inventory-reservations"}, rec)
        event = sqs_event({"detail": {"orderId": "o1", "items": []}})
        _, first = run(m, event)
        _, again = run(m, event)
        self.assertEqual(first, ["Inventory reserved for order o1"])
        self.assertEqual(again, ["Inventory already reserved for order o1: skipping (idempotent)"])

    def test_order_worker_fails_on_the_marker_and_refuses_big_amounts(self):
        rec = Recorder()
        m = load("order_worker", {"TABLE_NAME": "Orders", "FAIL_MARKER": "FAIL", "AMOUNT_LIMIT": "10000"}, rec)
        with self.assertRaises(Exception) as e:
            run(m, sqs_event({"orderId": "a", "notes": "please FAIL", "amount": 5}))
        self.assertEqual(str(e.exception), "Simulated processing failure for order a")
        _, lines = run(m, sqs_event({"orderId": "b", "amount": 20000}, {"orderId": "c", "amount": 5}))
        self.assertEqual(lines, ["Processing order b", "Order b FAILED: Amount 20000 exceeds the automatic approval limit of 10000",
                                 "Processing order c", "Order c COMPLETED"])
        statuses = [c[2]["ExpressionAttributeValues"][":s"] for c in rec.calls if c[1] == "update_item"]
        self.assertEqual(statuses, ["FAILED", "COMPLETED"])

    def test_create_order_writes_pending_and_checks_fields(self):
        rec = Recorder()
        m = load("create_order", {"TABLE_NAME": "Orders"}, rec)
        result, lines = run(m, {"body": json.dumps({"orderId": "x1", "customerName": "Ana", "product": "Book", "amount": 30})})
        self.assertEqual((result["statusCode"], lines), (201, ["Order created: x1"]))
        self.assertEqual(rec.calls[-1][2]["Item"]["status"], "PENDING")
        result, _ = run(m, {"body": json.dumps({"product": "Book"})})
        self.assertEqual(json.loads(result["body"])["message"], "Missing required fields: customerName, amount")

    def test_valida_pedido_publishes_valid_orders_and_notifies_invalid_ones(self):
        rec = Recorder()
        env = {"EVENT_BUS_NAME": "pedidos-event-bus", "SOURCE": "lab.aula1.pedidos", "DETAIL_TYPE": "NovoPedido", "INVALID_TOPIC_ARN": "arn:t"}
        m = load("valida_pedido", env, rec)
        _, lines = run(m, sqs_event({"pedidoId": "p1", "clienteId": "c1", "itens": [{"item": "x", "qtd": 1}]}, {"pedidoId": "p2"}))
        self.assertEqual(lines[0], "Pedido p1 válido: publicando NovoPedido no pedidos-event-bus")
        self.assertTrue(lines[1].startswith("PutEvents: FailedEntryCount=0 "))
        self.assertTrue(lines[2].startswith("Pedido inválido (clienteId ausente, itens vazio ou ausente)"))
        self.assertEqual([c[1] for c in rec.calls], ["put_events", "publish"])

    def test_notify_and_the_generic_behaviour_log_and_succeed(self):
        m = load("notify", {}, Recorder())
        _, lines = run(m, {"detail": {"orderId": "o9", "customerEmail": "a@b.c"}})
        self.assertEqual(lines, ["Notification sent to a@b.c for order o9"])
        m = load("log_and_succeed", {}, Recorder())
        result, lines = run(m, {"httpMethod": "GET", "body": None})
        self.assertEqual((result["statusCode"], json.loads(lines[0])["httpMethod"]), (200, "GET"))
        result, _ = run(m, sqs_event({"a": 1}))
        self.assertIsNone(result)
        # A pipe's generic enrichment returns its batch as it came: returning nothing
        # would stop the batch (EventBridge User Guide, pipes-enrichment).
        batch = [{"messageId": "m1", "body": "{\"a\": 1}"}]
        result, lines = run(load("return_event", {}, Recorder()), batch)
        self.assertEqual((result, json.loads(lines[0])), (batch, batch))

    def test_lab004_fixed_stream_handlers_mark_and_publish_inserts_only(self):
        image = {"orderId": {"S": "o1"}, "amount": {"N": "5"}}
        stream = {"Records": [{"eventName": "INSERT", "dynamodb": {"NewImage": image}},
                              {"eventName": "MODIFY", "dynamodb": {"NewImage": image}}]}
        rec = Recorder()
        result, lines = run(load("mark_processed", {"TABLE_NAME": "Orders"}, rec), stream)
        self.assertEqual((result["body"], lines), ("Processed 1 orders", ["Order o1 processed"]))
        (_, op, kw), = rec.calls
        self.assertEqual((op, kw["ExpressionAttributeNames"], kw["ExpressionAttributeValues"][":s"]), ("update_item", {"#s": "status"}, "PROCESSED"))
        rec = Recorder()
        result, lines = run(load("publish_new_orders", {"TOPIC_ARN": "arn:aws:sns:us-east-1:1:new-orders"}, rec), stream)
        self.assertEqual((result["body"], lines), ("Published 1 orders", ["Publishing order o1 to new-orders"]))
        self.assertEqual([(c[1], json.loads(c[2]["Message"])["orderId"]) for c in rec.calls], [("publish", "o1")])

    def test_stream_forwarders_send_numbers_as_json_numbers(self):
        # A pipe's numeric filter matches JSON numbers only (EventBridge content
        # filtering: "Numeric matching works with values that are JSON numbers"):
        # default=str sent "amount": "15000", and HighValueOrderPipe matched nothing.
        image = {"orderId": {"S": "o1"}, "amount": {"N": "15000"}, "tax": {"N": "2.5"}, "tags": {"SS": ["b", "a"]}}
        stream = {"Records": [{"eventName": "INSERT", "dynamodb": {"NewImage": image}}]}
        rec = Recorder()
        run(load("forward_new_orders", {"QUEUE_URL": "https://q"}, rec), stream)
        body = json.loads(rec.calls[0][2]["MessageBody"])
        self.assertEqual((body["amount"], body["tax"]), (15000, 2.5))
        self.assertIsInstance(body["amount"], int)
        self.assertEqual(body["tags"], ["a", "b"], "a string set as a list, not an error")
        rec = Recorder()
        run(load("publish_new_orders", {"TOPIC_ARN": "arn:aws:sns:us-east-1:1:new-orders"}, rec), stream)
        self.assertEqual(json.loads(rec.calls[0][2]["Message"])["amount"], 15000)

    def test_sqs_guide_consumer_retries_then_sends_to_its_dlq(self):
        env = {"QUEUE_NAME": "pedidos", "DLQ_URL": "https://dlq", "SUCCESS_PER_MILLE": "0", "MAX_RETRIES": "2"}
        rec = Recorder()
        m = load("sqs_guide_consumer", env, rec)
        event = {"Records": [{"messageId": "m0", "body": json.dumps({"order_id": "A"}), "attributes": {"ApproximateReceiveCount": "1"}},
                             {"messageId": "m1", "body": json.dumps({"order_id": "B", "processing_attempts": 1}), "attributes": {"ApproximateReceiveCount": "2"}},
                             {"messageId": "m2", "body": "not json", "attributes": {}}]}
        result, lines = run(m, event)
        self.assertEqual(result, {"batchItemFailures": [{"itemIdentifier": "m0"}]})
        self.assertIn("Pedido A será reprocessado (tentativa 1)", lines)
        self.assertIn("Pedido B enviado para DLQ após 2 tentativas", lines)
        self.assertEqual(lines[-1], "Erro ao decodificar mensagem: Expecting value: line 1 column 1 (char 0)")
        (_, op, kw), = rec.calls
        self.assertEqual((op, kw["QueueUrl"], kw["MessageAttributes"]["original_receive_count"]["StringValue"]), ("send_message", "https://dlq", "2"))

    def test_sqs_guide_consumer_sleeps_half_a_second_per_order_it_processes(self):
        env = {"QUEUE_NAME": "pedidos", "DLQ_URL": "https://dlq", "SUCCESS_PER_MILLE": "1000", "MAX_RETRIES": "3"}
        rec = Recorder()
        result, lines = run(load("sqs_guide_consumer", env, rec), sqs_event({"order_id": "A"}, {"order_id": "B"}))
        self.assertEqual((result, rec.slept), ({"batchItemFailures": []}, [0.5, 0.5]))
        self.assertIn("✓ Pedido B - Total: $0", lines)

    def test_every_handler_compiles_and_fits_in_a_zipfile(self):
        for f in sorted(os.listdir(CODE)):
            with open(os.path.join(CODE, f), encoding="utf-8") as src:
                text = src.read()
            compile(text, f, "exec")
            self.assertLessEqual(len(text.encode()), 4096, f)


if __name__ == "__main__":
    random.seed(1)
    unittest.main(verbosity=1)

"""Campos e valores padrão de cada entidade da Tray, na ordem em que a API os devolve."""
import copy

V = "0000-00-00"
VH = "0000-00-00 00:00:00"

STATUS = {
    "id": "", "default": "0", "type": "open", "show_backoffice": "1", "allow_edit_order": "1",
    "description": "", "status": "", "show_status_central": "1", "background": "#FFFFFF",
}

PEDIDO = {
    "status": "", "id": "", "date": V, "hour": "00:00:00", "customer_id": "", "partial_total": "0.00",
    "taxes": "0.00", "discount": "0.00", "point_sale": "LOJA VIRTUAL", "shipment": "", "shipment_value": "0.00",
    "shipment_date": V, "delivered": "0", "shipping_cancelled": "0", "store_note": "", "customer_note": "",
    "partner_id": "0", "discount_coupon": "", "payment_method_rate": "0.00", "installment": "1",
    "value_1": "0.00", "sending_code": "", "sending_date": V, "billing_address": "", "delivery_time": "",
    "payment_method_id": "0", "payment_method": "", "payment_form": "", "session_id": "", "total": "0.00",
    "payment_date": V, "access_code": "", "progressive_discount": "0.00",
    "shipping_progressive_discount": "0.00", "shipment_integrator": "", "modified": VH, "printed": "",
    "interest": "0.00", "cart_additional_values_discount": "0.00",
    "cart_additional_values_increase": "0.00", "id_quotation": "", "estimated_delivery_date": V, "is_traceable": "",
    "external_code": "", "tracking_url": "", "has_payment": "0", "has_shipment": "0", "has_invoice": "0",
    "total_comission_user": "0.00", "total_comission": "0.00", "cost": "0.00", "payment_method_type": "",
    "partner_name": "", "coupon": {"code": "", "discount": "0.00"}, "urls": {"payment": ""},
}

# Listas filhas do pedido: nome no JSON -> nome do envelope de cada elemento.
FILHOS_PEDIDO = {
    "ProductsSold": "ProductsSold", "Payment": "Payment", "OrderInvoice": "OrderInvoice",
    "MarketplaceOrder": "MarketplaceOrder", "MlOrder": "MlOrder", "OrderTransactions": "OrderTransactions",
    "PickupLocation": "PickupLocation",
}

ITEM_VENDIDO = {
    "id": "", "order_id": "", "product_id": "", "variant_id": "0", "quantity": "1", "name": "",
    "original_name": "", "price": "0.00", "original_price": "0.00", "cost_price": "0.00", "ean": "",
    "Sku": [], "weight": "0", "weight_cubic": "0", "brand": "", "model": "", "reference": "", "length": "0",
    "width": "0", "height": "0", "additional_information": "", "text_variant": "", "warranty": "", "ncm": "",
    "included_items": "", "release_date": V, "virtual_product": "", "product_kit_id": "0",
    "product_kit_id_kit": "0", "id_campaign": "0", "bought_together_id": "0", "commissioner_value": "0.00",
    "comissao": "0.00", "is_giveaway": "0", "ProductSoldImage": [], "Category": [], "Discount": [],
    "BoughtTogether": [],
}

PAGAMENTO = {
    "id": "", "order_id": "", "payment_method_id": "0", "method": "", "payment_place": "", "value": "0.00",
    "date": V, "note": "", "created": VH, "modified": VH,
}

MARKETPLACE = {
    "id": "", "order_id": "", "marketplace_name": "", "marketplace_seller_name": "", "marketplace_seller_id": "",
    "marketplace_document": "", "payment_responsible_document": "", "marketplace_order_id": "",
    "marketplace_shipping_id": "", "marketplace_shipping_type": "", "marketplace_internal_status": "",
    "created": VH, "updated": VH,
}

NOTA = {
    "id": "", "order_id": "", "issue_date": V, "number": "", "serie": "", "value": "0.00", "key": "",
    "link": "", "xml_danfe": "", "created": VH, "updated": VH,
}

CLIENTE = {
    "id": "", "name": "", "rg": "", "cpf": "", "cnpj": "", "phone": "", "cellphone": "", "birth_date": V,
    "gender": "0", "email": "", "nickname": "", "token": "", "total_orders": "0", "observation": "",
    "type": "0", "company_name": "", "state_inscription": "", "reseller": "0", "discount": "0.00",
    "blocked": "0", "credit_limit": "0.00", "indicator_id": "0", "profile_customer_id": "1",
    "last_sending_newsletter": V, "last_purchase": V, "last_visit": V, "last_modification": VH,
    "address": "", "zip_code": "", "number": "", "complement": "", "neighborhood": "", "city": "",
    "state": "", "country": "Brasil", "newsletter": "0", "created": VH, "registration_date": VH,
    "modified": VH,
}

ENDERECO = {
    "id": "", "customer_id": "", "recipient": "", "address": "", "number": "", "complement": "",
    "neighborhood": "", "city": "", "state": "", "zip_code": "", "country": "Brasil", "type": "0",
    "active": "1", "description": "", "type_delivery": "0", "not_list": "0",
}

PRODUTO = {
    "id": "", "ean": "", "name": "", "ncm": "", "description": "", "description_small": "", "price": "0.00",
    "cost_price": "0.00", "promotional_price": "0.00", "start_promotion": V, "end_promotion": V,
    "ipi_value": "0.00", "brand": "", "brand_id": "0", "model": "", "weight": "0", "length": "0",
    "width": "0", "height": "0", "stock": "0", "minimum_stock": "0", "minimum_stock_alert": "0",
    "category_id": "0", "category_name": "", "available": "1", "availability": "", "availability_days": "0",
    "reference": "", "hot": "0", "release": "0", "release_date": V, "related_categories": [], "slug": "",
    "is_kit": "0", "has_variation": "0", "rating": "0", "count_rating": "0", "quantity_sold": "0",
    "free_shipping": "0", "virtual_product": "0", "warranty": "", "title": "", "additional_message": "",
    "created": VH, "modified": VH,
}

VARIACAO = {
    "id": "", "product_id": "", "ean": "", "order": "1", "price": "0.00", "cost_price": "0.00", "stock": "0",
    "minimum_stock": "0", "reference": "", "weight": "0", "length": "0", "width": "0", "height": "0",
    "cubic_weight": "0", "start_promotion": V, "end_promotion": V, "promotional_price": "0.00",
    "available": "1", "quantity_sold": "0", "color_id_1": "0", "color_id_2": "0", "Sku": [],
    "created": VH, "modified": VH,
}

CATEGORIA = {
    "id": "", "parent_id": "0", "name": "", "slug": "", "description": "", "small_description": "",
    "title": "", "order": "0", "has_product": "0", "has_acceptance_term": "0", "acceptance_term": "",
}


def com_padroes(dados: dict, padroes: dict) -> dict:
    """Campos na ordem dos padrões, completados; campos extras do dado vêm depois. Ignora chaves com "_"."""
    saida = {}
    for campo, padrao in padroes.items():
        saida[campo] = copy.deepcopy(dados[campo]) if campo in dados else copy.deepcopy(padrao)
    for campo, valor in dados.items():
        if campo not in saida and not campo.startswith("_"):
            saida[campo] = copy.deepcopy(valor)
    return saida


def desembrulhar(lista, nome: str) -> list[dict]:
    """[{"ProductsSold": {...}}] ou [{...}] -> [{...}]."""
    saida = []
    for item in lista or []:
        if not isinstance(item, dict):
            continue
        if isinstance(item.get(nome), dict):
            interno = dict(item[nome])
            for chave, valor in item.items():
                if chave != nome:
                    interno.setdefault(chave, valor)
            saida.append(interno)
        else:
            saida.append(dict(item))
    return saida


def embrulhar(lista: list[dict], nome: str) -> list[dict]:
    return [{nome: item} for item in lista]

from erp import create_app

app = create_app()

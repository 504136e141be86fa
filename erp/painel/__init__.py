"""Painel inicial: contadores que levam a onde agir, gráficos dos últimos 30 dias e a lista de primeiros passos."""


def init_app(app) -> None:
    from erp.painel import services, views

    app.add_url_rule("/", endpoint="inicio", view_func=views.inicio)

    @app.context_processor
    def ambiente_nfe():
        """O ambiente da NF-e (Homologação/Produção), no selo da barra de cima de toda página."""
        return {"ambiente_nfe": services.ambiente_nfe}

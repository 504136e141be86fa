// Telas do catálogo: o editor da descrição, as confirmações e a tabela de exportação que se atualiza ao fim.
(function () {
  // Editor da descrição (cadastro do produto): o HTML do editor vai no campo escondido ao salvar.
  var editor = document.getElementById("editor-descricao"), campo = document.getElementById("descricao");
  if (editor && campo) {
    document.querySelectorAll("[data-cmd]").forEach(function (b) {
      b.addEventListener("click", function () { editor.focus(); document.execCommand(b.dataset.cmd, false, null); });
    });
    document.getElementById("form-produto").addEventListener("submit", function () { campo.value = editor.innerHTML; });
  }

  // Botões e formulários com data-confirmar="pergunta": só seguem com o "OK" do usuário.
  document.addEventListener("click", function (e) {
    var botao = e.target.closest && e.target.closest("button[data-confirmar]");
    if (botao && !window.confirm(botao.dataset.confirmar)) e.preventDefault();
  });
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.dataset && form.dataset.confirmar && !window.confirm(form.dataset.confirmar)) e.preventDefault();
  });

  // Exportar Produtos: quando a exportação termina, recarrega a tabela para as situações (Integrado) aparecerem.
  var tabela = document.getElementById("tabela-exportacao");
  if (tabela) {
    var atualizada = false;
    document.body.addEventListener("htmx:afterSettle", function () {
      var prog = document.querySelector("#progresso-exportacao .tarefa-progresso");
      if (atualizada || !prog || (prog.dataset.situacao !== "concluida" && prog.dataset.situacao !== "falhou")) return;
      atualizada = true;
      fetch(window.location.href, {credentials: "same-origin"}).then(function (r) { return r.text(); }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var nova = doc.querySelector("#tabela-exportacao tbody");
        if (nova) tabela.querySelector("tbody").replaceWith(nova);
        tabela.dataset.atualizada = "1";
      });
    });
  }
})();

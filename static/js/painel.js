// Gráficos do painel (Chart.js servido pela própria aplicação); os dados vêm em atributos data-.
(function () {
  if (typeof Chart === "undefined") return;
  var dias = document.getElementById("grafico-dias");
  if (dias) {
    new Chart(dias, {
      type: "bar",
      data: {
        labels: JSON.parse(dias.dataset.dias),
        datasets: [
          { label: "Vendas", data: JSON.parse(dias.dataset.vendas), backgroundColor: "rgba(13,110,253,.6)" },
          { label: "NF-e autorizadas", data: JSON.parse(dias.dataset.notas), backgroundColor: "rgba(25,135,84,.6)" }
        ]
      },
      options: { animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  var situacoes = document.getElementById("grafico-situacoes");
  if (situacoes) {
    var dados = JSON.parse(situacoes.dataset.situacoes);
    new Chart(situacoes, {
      type: "doughnut",
      data: { labels: Object.keys(dados), datasets: [{ data: Object.values(dados) }] },
      options: { animation: false, plugins: { legend: { position: "bottom" } } }
    });
  }
})();

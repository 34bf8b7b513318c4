// An empty minimal-API endpoint built like the API (WebApplication.CreateBuilder, Kestrel, routing, no auth,
// no database), so the load script can report the API's throughput as a ratio of what the framework
// alone does on the same machine in the same run.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/empty", () => TypedResults.Text("ok"));

await app.RunAsync();

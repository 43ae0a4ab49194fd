export default function OverviewPage() {
  return (
    <main className="p-6">
      <h1 className="text-2xl font-semibold">Sidecarscope</h1>
      <p className="mt-2 text-slate-600">Waiting for the cluster connection.</p>
    </main>
  );
}

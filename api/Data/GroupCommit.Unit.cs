using System.Data.Common;
using System.Diagnostics;

namespace Burgerbaan.Api.Data;

internal sealed partial class GroupCommit
{
    /// <summary>A queued write: its work, its caller's token and the answer the caller awaits.</summary>
    private abstract class Unit(bool alone, CancellationToken ct)
    {
        private const int Queued = 0, Running = 1, Dropped = 2;
        private int _state;
        private CancellationTokenRegistration _registration;

        public bool Alone => alone;

        public CancellationToken Token => ct;

        public void WatchCancellation() => _registration = ct.Register(static u => ((Unit)u!).Drop(), this);

        /// <summary>Claims the unit for the loop; false when its caller gave up first.</summary>
        public bool TryStart()
        {
            var started = Interlocked.CompareExchange(ref _state, Running, Queued) == Queued;
            _registration.Dispose();
            return started;
        }

        private void Drop()
        {
            if (Interlocked.CompareExchange(ref _state, Dropped, Queued) == Queued)
            {
                Cancel();
            }
        }

        public abstract Task RunAsync(DbConnection connection, DbTransaction tx);

        public abstract void Succeed();

        public abstract void Fail(Exception error);

        protected abstract void Cancel();
    }

    private sealed class Unit<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, bool alone, Activity? parent, CancellationToken ct)
        : Unit(alone, ct)
    {
        // Asynchronous continuations: a caller's code must never run on the writer loop.
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _done.Task;

        public override async Task RunAsync(DbConnection connection, DbTransaction tx)
        {
            if (parent is null)
            {
                _result = await work(connection, tx, Token);
                return;
            }
            var outer = Activity.Current;
            Activity.Current = parent;
            try
            {
                _result = await work(connection, tx, Token);
            }
            finally
            {
                Activity.Current = outer;
            }
        }

        public override void Succeed() => _done.TrySetResult(_result);

        public override void Fail(Exception error)
        {
            if (error is OperationCanceledException && Token.IsCancellationRequested)
            {
                _done.TrySetCanceled(Token);
            }
            else
            {
                _done.TrySetException(error);
            }
        }

        protected override void Cancel() => _done.TrySetCanceled(Token);
    }
}

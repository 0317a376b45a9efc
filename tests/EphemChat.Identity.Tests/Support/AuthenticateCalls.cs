using System.Collections.Concurrent;
using EphemChat.Identity.Accounts;
using EphemChat.Identity.Grpc;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace EphemChat.Identity.Tests.Support;

/// <summary>Counts the <c>Authenticate</c> calls identity serves, per token hash (so tests sharing a host do not mix).</summary>
public sealed class AuthenticateCalls
{
    private readonly ConcurrentDictionary<string, int> _calls = new();

    public int For(string token) => _calls.GetValueOrDefault(SessionToken.Hash(token));

    internal void Record(string token) => _calls.AddOrUpdate(SessionToken.Hash(token), 1, (_, n) => n + 1);
}

/// <summary>A server interceptor on the real identity that feeds <see cref="AuthenticateCalls"/>.</summary>
public sealed class AuthenticateCallCounter(AuthenticateCalls calls) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (request is AuthenticateRequest authenticate)
        {
            calls.Record(authenticate.Token);
        }
        return continuation(request, context);
    }
}

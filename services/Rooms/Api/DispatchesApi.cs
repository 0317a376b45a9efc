using System.Globalization;
using System.Security.Claims;
using EphemChat.Rooms.Enclaves;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EphemChat.Rooms.Api;

/// <summary>
/// The encrypted history of a room, under <c>/api/rooms/{id}/dispatches</c>: opaque envelopes the server cannot
/// read. Nothing about an envelope's content is logged.
/// </summary>
public static class DispatchesApi
{
    public static RouteGroupBuilder MapDispatchesApi(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<RoomsOptions>>().Value;
        var api = app.MapGroup("/api/rooms/{id}/dispatches").WithTags("Dispatches").RequireAuthorization();
        // Refuse an oversized body before it is read and parsed (413), not after.
        api.MapPost("/", PostDispatch).WithMetadata(new RequestSizeLimitAttribute(options.MaxDispatchRequestBytes));
        api.MapGet("/", ReadDispatches);
        return api;
    }

    public static async Task<Results<Created<EnvelopeDto>, Ok<EnvelopeDto>, ValidationProblem, ProblemHttpResult>> PostDispatch(
        string id, PostDispatchRequest request, ClaimsPrincipal user, RoomOperations rooms, IOptions<RoomsOptions> options)
    {
        if (!RoomSecrets.IsRoomId(id))
        {
            return RoomProblems.NotFound();
        }
        var errors = EnvelopeRules.Validate(request.Id, request.Ciphertext, request.Iv, options.Value.MaxCiphertextBytes);
        if (errors.Count > 0)
        {
            return RoomProblems.Invalid(errors, "invalid-envelope", errors.Values.First()[0]);
        }
        var result = await rooms.PostDispatchAsync(id, user.GetUserId(), request.Id!, request.Ciphertext!, request.Iv!);
        if (result.Dispatch is not { } dispatch)
        {
            return RoomProblems.For(result.Error);
        }
        var envelope = EnvelopeDto.From(dispatch);
        return result.Created
            ? TypedResults.Created($"/api/rooms/{id}/dispatches?after={dispatch.Seq - 1}&limit=1", envelope)
            : TypedResults.Ok(envelope);
    }

    public static async Task<Results<Ok<EnvelopePageDto>, ValidationProblem, ProblemHttpResult>> ReadDispatches(
        string id, string? after, string? limit, ClaimsPrincipal user, RoomStore store, IOptions<RoomsOptions> options)
    {
        if (!RoomSecrets.IsRoomId(id))
        {
            return RoomProblems.NotFound();
        }
        var max = options.Value.MaxDispatchPageSize;
        var errors = new Dictionary<string, string[]>();
        long afterSeq = 0;
        if (after is not null && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterSeq)))
        {
            errors["after"] = ["after must be a whole number of 0 or more (the last seq seen)."];
        }
        var take = options.Value.DefaultDispatchPageSize;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take < 1 || take > max))
        {
            errors["limit"] = [$"limit must be between 1 and {max}."];
        }
        if (errors.Count > 0)
        {
            return RoomProblems.Invalid(errors, "invalid-query", errors.Values.First()[0]);
        }
        var page = await store.ReadDispatchesAsync(id, user.GetUserId(), afterSeq, take);
        return page is null
            ? RoomProblems.NotFound()
            : TypedResults.Ok(new EnvelopePageDto(page.Items.Select(EnvelopeDto.From).ToList(), page.Next));
    }
}

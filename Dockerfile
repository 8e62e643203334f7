# The three images of the project, one target each, from the repository root as the build context:
#   docker build --target tenant -t rotation/tenant .    (also: sender, drill)
# Base images are build arguments: the official .NET images by default; CI, which reaches no
# image registry, passes the local ones from docker/build-base-images.sh.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

# ---- build: the solution is compiled once for all three images -------------------------------
FROM ${SDK_IMAGE} AS build
WORKDIR /src
# An offline NuGet feed, filled by docker/build-images.sh from the host's restore where the
# build cannot reach NuGet (an empty folder means: restore from nuget.org as usual).
COPY docker/offline-packages/ /offline-packages/
COPY Directory.Build.props Directory.Packages.props ./
COPY shared/Rotation.Shared/Rotation.Shared.csproj shared/Rotation.Shared/
COPY shared/Rotation.Hosting/Rotation.Hosting.csproj shared/Rotation.Hosting/
COPY tenant-service/Rotation.Tenant/Rotation.Tenant.csproj tenant-service/Rotation.Tenant/
COPY tenant-service/Rotation.Tenant.Contracts/Rotation.Tenant.Contracts.csproj tenant-service/Rotation.Tenant.Contracts/
COPY sender-client/Rotation.Sender/Rotation.Sender.csproj sender-client/Rotation.Sender/
COPY sender-client/Rotation.Sender.Contracts/Rotation.Sender.Contracts.csproj sender-client/Rotation.Sender.Contracts/
COPY drill/Rotation.Drill/Rotation.Drill.csproj drill/Rotation.Drill/
RUN if [ -n "$(find /offline-packages -name '*.nupkg' -print -quit)" ]; then set -- --source /offline-packages; fi; \
    dotnet restore drill/Rotation.Drill/Rotation.Drill.csproj "$@"
COPY shared/ shared/
COPY tenant-service/ tenant-service/
COPY sender-client/ sender-client/
COPY drill/ drill/
# The drill references the other projects, so its publish compiles everything; the next two
# publishes find their projects up to date.
RUN dotnet publish drill/Rotation.Drill/Rotation.Drill.csproj -c Release --no-restore -p:UseAppHost=false -o /out/drill \
 && dotnet publish tenant-service/Rotation.Tenant/Rotation.Tenant.csproj -c Release --no-restore -p:UseAppHost=false -o /out/tenant \
 && dotnet publish sender-client/Rotation.Sender/Rotation.Sender.csproj -c Release --no-restore -p:UseAppHost=false -o /out/sender

# ---- what every runtime image has -----------------------------------------------------------
FROM ${RUNTIME_IMAGE} AS app
# The program's own --urls decides where it listens; the base image's default port would only
# draw a warning that --urls overrides it.
ENV ASPNETCORE_HTTP_PORTS=
WORKDIR /app
COPY docker/healthcheck.sh /usr/local/bin/rotation-healthcheck

# ---- tenant: the mock integration tenant (SOAP endpoint /cxf/orders, admin API, keystore on /data)
FROM app AS tenant
COPY --from=build /out/tenant/ ./
# The keystore (PKCS#12 + metadata), message log and generated secrets live on the volume, owned
# by the non-root user the official images define (app, uid 1654).
RUN mkdir -p /data && chown 1654:1654 /data
USER 1654
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=3s --timeout=3s --start-period=60s --retries=3 CMD ["rotation-healthcheck", "8080", "/health/ready"]
ENTRYPOINT ["dotnet", "Rotation.Tenant.dll"]
CMD ["--urls", "http://0.0.0.0:8080", "--data-dir", "/data"]

# ---- sender: serve mode (traffic to the tenant, verifying encoder, admin API, trust store on /data)
FROM app AS sender
COPY --from=build /out/sender/ ./
# The trust store and the generated admin token live on the volume.
RUN mkdir -p /data && chown 1654:1654 /data
USER 1654
VOLUME /data
EXPOSE 8081
HEALTHCHECK --interval=3s --timeout=3s --start-period=60s --retries=3 CMD ["rotation-healthcheck", "8081", "/health/ready"]
ENTRYPOINT ["dotnet", "Rotation.Sender.dll"]
# The tenant is reached by its service name on the container network (compose and the tests).
CMD ["serve", "--data-dir", "/data", "--url", "http://tenant:8080/cxf/orders", "--urls", "http://0.0.0.0:8081"]

# ---- drill: plays both administrators over the two admin APIs, writes its report to /reports
FROM app AS drill
COPY --from=build /out/drill/ ./
RUN mkdir -p /reports && chown 1654:1654 /reports
USER 1654
VOLUME /reports
# A one-shot program: no health check; its exit code is the verdict (0 = every invariant held).
# The flags that name the tenant, the sender and their tokens are given by whoever runs it
# (docker-compose.yml's `command:`, the container tests).
ENTRYPOINT ["dotnet", "Rotation.Drill.dll"]
CMD ["--help"]

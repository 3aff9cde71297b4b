namespace ServerlessFlow.Core.Packs;

/// <summary>
/// The runner types as data, in StackStorm's own <c>runner.yaml</c> shape (names, parameter types,
/// defaults, required/secret/immutable copied from st2's contrib/runners/*/runner.yaml; descriptions
/// shortened) plus ServerlessFlow's <c>supported</c>, <c>entry_point</c> and <c>native_actions</c> (core actions
/// StackStorm writes in Python that ServerlessFlow implements in C#, so they run although their runner does not).
/// </summary>
internal static class RunnerTypeDefinitions
{
    public const string Yaml = """
        - name: local-shell-cmd
          description: Runs a shell command on the worker.
          supported: true
          entry_point: none
          runner_parameters:
            cmd: {type: string, description: Arbitrary Linux command to be executed.}
            cwd: {type: string, description: Working directory where the command will be executed.}
            env: {type: object, description: Environment variables available to the command.}
            kwarg_op: {type: string, default: "--", description: Operator in front of keyword args.}
            sudo: {type: boolean, default: false, description: Run the command with sudo.}
            sudo_password: {type: string, default: null, secret: true, required: false, description: Sudo password.}
            timeout: {type: integer, default: 60, description: Seconds before the command is killed.}
        - name: local-shell-script
          description: Runs a script from the pack's actions folder on the worker.
          supported: true
          native_actions: [core.sendmail]
          entry_point: file
          runner_parameters:
            debug: {type: boolean, default: false, required: false, description: Enable runner debug mode.}
            content_version: {type: string, required: false, description: Git revision of the pack content to use.}
            cwd: {type: string, description: Working directory where the script will be executed.}
            env: {type: object, description: Environment variables available to the script.}
            kwarg_op: {type: string, default: "--", description: Operator in front of keyword args.}
            sudo: {type: boolean, default: false, description: Run the script with sudo.}
            sudo_password: {type: string, default: null, secret: true, required: false, description: Sudo password.}
            timeout: {type: integer, default: 60, description: Seconds before the script is killed.}
        - name: http-request
          description: Sends an HTTP request.
          supported: true
          entry_point: none
          output_key: body
          runner_parameters:
            allow_redirects: {type: boolean, default: false, description: Follow redirects for POST/PUT/DELETE.}
            cookies: {type: object, description: Cookies to send.}
            headers: {type: object, description: HTTP headers for the request.}
            http_proxy: {type: string, description: URL of an HTTP proxy.}
            https_proxy: {type: string, description: URL of an HTTPS proxy.}
            password: {type: string, secret: true, description: Password for basic authentication.}
            url: {type: string, required: true, description: URL to the HTTP endpoint.}
            username: {type: string, description: Username for basic authentication.}
            verify_ssl_cert: {type: boolean, default: true, description: Verify the server's TLS certificate.}
            url_hosts_blacklist: {type: array, required: false, items: {type: string}, description: Hosts the action may not reach.}
            url_hosts_whitelist: {type: array, required: false, items: {type: string}, description: The only hosts the action may reach.}
        - name: noop
          description: Returns a static response whatever the input.
          supported: true
          entry_point: none
          runner_parameters: {}
        - name: orquesta
          aliases: [orchestra]
          description: Runs an Orquesta workflow.
          supported: true
          entry_point: file
          output_key: output
          runner_parameters:
            notify: {type: array, default: [], uniqueItems: true, items: {type: string, minLength: 1, pattern: "^\\w+$"}, description: Tasks to send notifications for.}
        - name: inquirer
          description: Pauses for a human response (an Inquiry).
          supported: true
          entry_point: none
          runner_parameters:
            schema:
              type: object
              required: true
              description: JSON schema the response is validated against.
              default:
                title: response_data
                type: object
                properties:
                  continue: {type: boolean, description: Would you like to continue the workflow?, required: true}
            route: {type: string, default: "", required: false, description: Routes the inquiry to a notification channel.}
            roles: {type: array, default: [], required: false, description: Roles allowed to respond.}
            users: {type: array, default: [], required: false, description: Users allowed to respond.}
            ttl: {type: integer, default: 1440, required: true, description: Minutes before the inquiry times out.}
        - name: python-script
          description: Runs a Python action class.
          supported: true
          native_actions: [core.uuid, core.pause, core.inject_trigger, packs.install, packs.uninstall, packs.load]
          entry_point: file
          output_key: result
          runner_parameters:
            debug: {type: boolean, default: false, required: false}
            content_version: {type: string, required: false}
            env: {type: object}
            timeout: {type: integer, default: 600}
            log_level: {type: string, default: DEBUG, enum: [AUDIT, CRITICAL, ERROR, WARNING, INFO, DEBUG]}
        - name: remote-shell-cmd
          description: Runs a command on remote hosts over SSH.
          supported: true
          entry_point: none
          runner_parameters: &remote
            bastion_host: {type: string, required: false}
            cmd: {type: string}
            cwd: {type: string, default: /tmp}
            dir: {type: string, default: /tmp, immutable: true}
            env: {type: object}
            hosts: {type: string, required: true}
            kwarg_op: {type: string, default: "--"}
            parallel: {type: boolean, default: false, immutable: true}
            passphrase: {type: string, required: false, secret: true}
            password: {type: string, required: false, secret: true}
            port: {type: integer, required: false}
            private_key: {type: string, required: false, secret: true}
            sudo: {type: boolean, default: false}
            sudo_password: {type: string, default: null, required: false, secret: true}
            timeout: {type: integer, default: 60}
            username: {type: string, required: false}
        - name: remote-shell-script
          description: Copies a script to remote hosts and runs it over SSH.
          supported: true
          entry_point: file
          runner_parameters:
            <<: *remote
            dir: {type: string, default: /tmp}
        - name: winrm-cmd
          description: Runs a Command Prompt command over WinRM.
          supported: false
          unsupported_reason: ServerlessFlow has no WinRM runner (Windows hosts are not reachable from its workers; run commands over SSH with remote-shell-cmd instead)
          entry_point: none
          runner_parameters: &winrm
            cmd: {type: string}
            cwd: {type: string}
            env: {type: object}
            host: {type: string, required: true}
            kwarg_op: {type: string, default: "-"}
            password: {type: string, required: true, secret: true}
            port: {type: integer, default: 5986, required: false}
            scheme: {type: string, default: https, required: false}
            timeout: {type: integer, default: 60}
            transport: {type: string, default: ntlm, required: false, enum: [basic, certificate, credssp, kerberos, ntlm, plaintext, ssl]}
            username: {type: string, required: true}
            verify_ssl_cert: {type: boolean, default: true}
        - name: winrm-ps-cmd
          description: Runs a PowerShell command over WinRM.
          supported: false
          unsupported_reason: ServerlessFlow has no WinRM runner (Windows hosts are not reachable from its workers; run commands over SSH with remote-shell-cmd instead)
          entry_point: none
          runner_parameters: *winrm
        - name: winrm-ps-script
          description: Runs a PowerShell script over WinRM.
          supported: false
          unsupported_reason: ServerlessFlow has no WinRM runner (Windows hosts are not reachable from its workers; run commands over SSH with remote-shell-cmd instead)
          entry_point: file
          runner_parameters:
            cwd: {type: string}
            env: {type: object}
            host: {type: string, required: true}
            kwarg_op: {type: string, default: "-"}
            password: {type: string, required: true, secret: true}
            port: {type: integer, default: 5986, required: false}
            scheme: {type: string, default: https, required: false}
            timeout: {type: integer, default: 60}
            transport: {type: string, default: ntlm, required: false, enum: [basic, certificate, credssp, kerberos, ntlm, plaintext, ssl]}
            username: {type: string, required: true}
            verify_ssl_cert: {type: boolean, default: true}
        - name: action-chain
          description: Runs a linear ActionChain.
          supported: true
          entry_point: file
          output_key: published
          runner_parameters:
            display_published: {type: boolean, default: true}
            skip_notify: {type: array, default: []}
        - name: announcement
          description: Emits an announcement on StackStorm's event stream.
          supported: true
          entry_point: none
          runner_parameters:
            experimental: {type: boolean, default: false, required: true}
            route: {type: string, default: general, maxLength: 255, minLength: 1}
        - name: mistral-v2
          aliases: [mistral]
          description: Runs a Mistral workflow (removed from StackStorm 3.3).
          supported: false
          unsupported_reason: Mistral workflows were removed from StackStorm; port them to Orquesta
          entry_point: file
          runner_parameters: {}
        """;
}

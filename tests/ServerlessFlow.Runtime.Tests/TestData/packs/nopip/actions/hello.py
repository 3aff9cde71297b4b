from st2common.runners.base_action import Action


class Hello(Action):
    def run(self):
        return "hello"
